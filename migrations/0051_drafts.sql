-- Drafts the user writes (issue 18): the form encrypted with the user's data key, and where its copy
-- on the server (the account's Drafts folder) is, so the next save replaces it and a delete removes it.
create table drafts (
  id                     uuid primary key default gen_random_uuid(),
  user_id                uuid not null references users on delete cascade,
  account_id             uuid references mail_accounts on delete cascade,
  -- JSON of from/to/cc/bcc/subject/body/mode, bound to (user, "draft:<id>").
  content_encrypted      bytea not null,
  reply_to_message_id    uuid references messages on delete set null,
  forward_of_message_id  uuid references messages on delete set null,
  -- Bumped on every save; the server copy is current when server_revision equals it.
  revision               integer not null default 1,
  server_revision        integer not null default 0,
  server_folder_id       uuid references folders on delete set null,
  server_uidvalidity     bigint,
  server_uid             bigint,
  server_saved_at        timestamptz,
  -- The send queued from this draft (the sending core's id; no reference: its table comes with migration 0050).
  send_id                uuid,
  -- Deleted by the user or sent: hidden at once, the row goes once its server copy is removed.
  deleted_at             timestamptz,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);
create index drafts_user_updated on drafts (user_id, updated_at desc) where deleted_at is null;

-- Addresses the user corresponded with, for completing To/Cc/Bcc: keyed by an HMAC of the normalised
-- address (per-user key), name and address encrypted; counted and dated for ranking.
create table address_book (
  user_id          uuid not null references users on delete cascade,
  address_hash     bytea not null,
  entry_encrypted  bytea not null,
  uses             integer not null default 0,
  last_used_at     timestamptz,
  primary key (user_id, address_hash)
);

-- How far the address book has read the user's messages: (created_at, id) of the last one counted.
create table address_book_state (
  user_id          uuid primary key references users on delete cascade,
  through_created  timestamptz,
  through_id       uuid,
  refreshed_at     timestamptz not null default now()
);

-- A Drafts folder Mail Helper had to create on the server is remembered in that role, as Archive and Junk
-- are. 'sent' is allowed too, for the sending core's Sent copies (its migration 0050 may widen the same check).
alter table folders drop constraint folders_chosen_role_check;
alter table folders add constraint folders_chosen_role_check check (chosen_role in ('archive', 'junk', 'snoozed', 'drafts', 'sent'));
