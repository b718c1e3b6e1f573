-- Offline mailboxes (issue 21): mail imported from mbox, Maildir or .eml files. An offline account has no
-- server: sync, IDLE, the poll and the IMAP write-back skip it, and actions on its mail change the local
-- copies only. Its IMAP columns keep placeholders (they are not null for IMAP accounts).
alter table mail_accounts add column kind text not null default 'imap' check (kind in ('imap', 'offline'));

-- One import: where the mail comes from, its progress and its result. Progress (processed of total) is
-- written after every stored batch, for the import page and the user's jobs page.
create table mail_imports (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users on delete cascade,
  account_id   uuid references mail_accounts on delete set null,
  -- upload: a temporary file under the data directory (removed when done); path: under IMPORT_ROOT (administrators).
  source       text not null check (source in ('upload', 'path')),
  format       text check (format in ('mbox', 'maildir', 'eml', 'directory')),
  label        text not null,
  path         text not null,
  state        text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
  total        integer,
  processed    integer not null default 0,
  imported     integer not null default 0,
  duplicates   integer not null default 0,
  -- Messages read with problems: [{ "position": n, "folder": "INBOX", "reasons": ["no_headers"], "stored": true }].
  unreadable   jsonb not null default '[]',
  error        text,
  created_at   timestamptz not null default now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
create index mail_imports_user on mail_imports (user_id, created_at desc, id desc);

-- Duplicates are found by the message identity across all of a user's accounts: the same content, or the same
-- Message-ID (an mbox of synced mail has LF line ends where the server had CRLF: other bytes, same message).
create index messages_user_content on messages (user_id, content_hash);
create index messages_user_message_id on messages (user_id, message_id_hash);
