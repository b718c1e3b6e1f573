-- Tags as a whole capability (src/tags/): the user makes them, and the server
-- keeps them as IMAP keywords that other mail clients show and change.

-- The keyword a tag is written as in one mailbox: readable and derived from the
-- name ("Rechnungen 2026" → Rechnungen_2026), unique per account in any letter
-- case. In plain text like the copies' flags, which hold the same keyword as the
-- server reports it; the tag's own name (case, spaces, umlauts) stays encrypted.
create table tag_keywords (
  tag_id      uuid not null references tags on delete cascade,
  account_id  uuid not null references mail_accounts on delete cascade,
  user_id     uuid not null references users on delete cascade,
  keyword     text not null,
  primary key (tag_id, account_id)
);
create unique index tag_keywords_account_keyword on tag_keywords (account_id, lower(keyword));
create index tag_keywords_user on tag_keywords (user_id);

-- server: the keyword arrived from the server (set in another mail client).
alter table message_tags drop constraint message_tags_source_check;
alter table message_tags add constraint message_tags_source_check check (source in ('user', 'ai', 'rule', 'server'));
-- The server has been seen holding the tag's keyword on this message: from then
-- on, its disappearing there (another client removed it) removes the tag here.
-- A tag the server never held (refused, or still pending) is not removed by sync.
alter table message_tags add column on_server boolean not null default false;
create index message_tags_user_tag on message_tags (user_id, tag_id);

-- The server refused to keep a keyword in this folder (no \* in PERMANENTFLAGS):
-- tags on its messages stay local, and the account page says so.
alter table folders add column keywords_refused boolean not null default false;

alter table tags add column updated_at timestamptz not null default now();
