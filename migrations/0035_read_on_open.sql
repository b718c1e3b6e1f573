-- Per user: opening an unread message marks it read, written back as \Seen
-- through the action journal (src/mail/actions/read-on-open.ts). On unless
-- the user turns it off, as in the mail clients people know.
alter table users add column read_on_open boolean not null default true;
