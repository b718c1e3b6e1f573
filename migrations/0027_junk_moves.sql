-- Whether the message had a copy in its account's Junk role folder at the
-- last full sync (src/mail/sync/junk-moves.ts): a change is the user moving
-- it into or out of Junk in some mail client, which is a spam correction.
alter table messages add column in_junk boolean not null default false;
update messages m set in_junk = true
where exists (select 1 from message_copies c join folders f on f.id = c.folder_id where c.message_id = m.id and f.special_use = 'junk');
create index messages_in_junk on messages (account_id) where in_junk;
