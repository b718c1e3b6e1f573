-- Mail accounts, folders, messages and where they live on the server.
-- Private values are encrypted with the owner's data key (see src/crypto/);
-- what must be matched in SQL (Message-ID, content hash) is an HMAC under a
-- key derived from it, never the value itself.

create table mail_accounts (
  id                      uuid primary key default gen_random_uuid(),
  user_id                 uuid not null references users on delete cascade,
  label                   text not null,
  imap_host               text not null,
  imap_port               integer not null check (imap_port between 1 and 65535),
  imap_security           text not null check (imap_security in ('tls', 'starttls', 'none')),
  imap_username_encrypted bytea not null,
  imap_password_encrypted bytea not null,
  -- A pinned certificate (PEM) for servers with a self-signed one; null: the system's CAs.
  imap_tls_ca             text,
  smtp_host               text,
  smtp_port               integer check (smtp_port between 1 and 65535),
  smtp_security           text check (smtp_security in ('tls', 'starttls', 'none')),
  enabled                 boolean not null default true,
  -- IMAP connections this account may hold at once, across all processes (sync, IDLE, actions).
  connection_budget       integer not null default 3 check (connection_budget between 1 and 20),
  sync_since              date,
  max_message_bytes       integer,
  -- ok | auth_failed (stopped until the password is fixed) | error (transient; retried)
  status                  text not null default 'ok' check (status in ('ok', 'auth_failed', 'error')),
  last_error              text,
  last_error_at           timestamptz,
  last_sync_started_at    timestamptz,
  last_sync_at            timestamptz,
  idle_seen_at            timestamptz,
  created_at              timestamptz not null default now()
);
create index mail_accounts_user_id on mail_accounts (user_id);

create table folders (
  id              uuid primary key default gen_random_uuid(),
  account_id      uuid not null references mail_accounts on delete cascade,
  user_id         uuid not null references users on delete cascade,
  path            text not null,
  name            text not null,
  delimiter       text,
  special_use     text check (special_use in ('inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'flagged')),
  selected        boolean not null default true,
  -- Server state after the last complete sync of this folder.
  uidvalidity     bigint,
  uidnext         bigint,
  highestmodseq   numeric(20, 0),
  message_count   integer,
  -- Initial sync goes newest first; the lowest UID fetched so far, to resume after a crash.
  initial_low_uid bigint,
  initial_done    boolean not null default false,
  uidvalidity_resets integer not null default 0,
  last_synced_at  timestamptz,
  exists_on_server boolean not null default true,
  unique (account_id, path)
);
create index folders_user_id on folders (user_id);

create table messages (
  id                uuid primary key default gen_random_uuid(),
  user_id           uuid not null references users on delete cascade,
  account_id        uuid not null references mail_accounts on delete cascade,
  -- Identity: HMACs of the Message-ID (of the content hash when there is none) and of the content.
  message_id_hash   bytea not null,
  content_hash      bytea not null,
  thread_id         uuid not null,
  sent_at           timestamptz,
  received_at       timestamptz,
  size              integer not null,
  seen              boolean not null default false,
  flagged           boolean not null default false,
  answered          boolean not null default false,
  draft             boolean not null default false,
  has_attachments   boolean not null default false,
  is_calendar       boolean not null default false,
  -- JSON of subject, addresses and list headers; text; HTML: each encrypted with the user's data key.
  headers_encrypted bytea not null,
  text_encrypted    bytea,
  html_encrypted    bytea,
  parse_problems    text[] not null default '{}',
  -- No server copy left (deleted, or moved and the new copy not seen yet); purged after a full sync.
  orphaned_at       timestamptz,
  process_count     integer not null default 0,
  processed_at      timestamptz,
  created_at        timestamptz not null default now(),
  unique (account_id, message_id_hash, content_hash)
);
create index messages_user_received on messages (user_id, received_at desc);
create index messages_thread on messages (thread_id);
create index messages_orphaned on messages (account_id) where orphaned_at is not null;

-- Where a message lives on the server: one row per (folder, UIDVALIDITY, UID).
create table message_copies (
  id          bigint generated always as identity primary key,
  message_id  uuid not null references messages on delete cascade,
  folder_id   uuid not null references folders on delete cascade,
  uidvalidity bigint not null,
  uid         bigint not null,
  modseq      numeric(20, 0),
  flags       text[] not null default '{}',
  unique (folder_id, uidvalidity, uid)
);
create index message_copies_message on message_copies (message_id);

-- Every Message-ID seen (as a message's own, or in In-Reply-To/References) and its thread.
create table thread_refs (
  account_id      uuid not null references mail_accounts on delete cascade,
  message_id_hash bytea not null,
  thread_id       uuid not null,
  primary key (account_id, message_id_hash)
);
create index thread_refs_thread on thread_refs (thread_id);

create table attachments (
  id                 uuid primary key default gen_random_uuid(),
  message_id         uuid not null references messages on delete cascade,
  user_id            uuid not null references users on delete cascade,
  -- Encrypted JSON: filename, content type, Content-ID; content encrypted separately.
  meta_encrypted     bytea not null,
  size               integer not null,
  inline             boolean not null,
  -- Null when too large to keep: the server copy is the reference.
  content_encrypted  bytea,
  part_index         integer not null
);
create index attachments_message on attachments (message_id);

-- Progress of the running (or last) sync of each account, for its owner.
create table sync_progress (
  account_id    uuid primary key references mail_accounts on delete cascade,
  user_id       uuid not null references users on delete cascade,
  phase         text not null,
  folders_done  integer not null default 0,
  folders_total integer not null default 0,
  fetched       integer not null default 0,
  total         integer not null default 0,
  current_folder text,
  started_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  finished_at   timestamptz,
  error         text
);

-- IMAP connections held right now, across all processes, so an account never exceeds its budget.
create table imap_leases (
  id          uuid primary key default gen_random_uuid(),
  account_id  uuid not null references mail_accounts on delete cascade,
  purpose     text not null,
  holder      text not null,
  expires_at  timestamptz not null
);
create index imap_leases_account on imap_leases (account_id);
