-- Sending (issue 18). SMTP settings per mail account (smtp_host, smtp_port,
-- smtp_security exist since 0003, unused until now): null host means "not
-- set up", no sending. The user name and password are encrypted with the
-- user's data key like the IMAP ones; null means "the same login as IMAP".
-- The From identity (address and display name) is encrypted too. A pinned
-- certificate (smtp_tls_ca) replaces the system CAs, as for IMAP.
-- smtp_sent_by_server: the provider files a Sent copy itself (Gmail), so no
-- IMAP APPEND.
alter table mail_accounts
  add column smtp_tls_ca             text,
  add column smtp_username_encrypted bytea,
  add column smtp_password_encrypted bytea,
  add column smtp_from_encrypted     bytea,
  add column smtp_sent_by_server     boolean not null default false;

-- One row per message the user sent (or queued): the MIME is encrypted with
-- the user's data key, kept after sending so a failure loses nothing.
-- draft_id has no foreign key: drafts belong to the compose part, which
-- joins this column to hide drafts that were sent.
create table outgoing_messages (
  id                uuid primary key default gen_random_uuid(),
  user_id           uuid not null references users on delete cascade,
  account_id        uuid not null references mail_accounts on delete cascade,
  status            text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  send_after        timestamptz not null,
  mime_encrypted    bytea not null,
  -- MAIL FROM and every RCPT TO (Bcc is in no header), encrypted JSON.
  envelope_encrypted bytea not null,
  mime_bytes        integer not null,
  recipients_count  integer not null,
  message_id_header text not null,
  replied_message_id uuid references messages on delete set null,
  draft_id          uuid,
  error             text,
  sent_copy         text check (sent_copy in ('appended', 'by_server', 'no_folder', 'failed')),
  attempts          integer not null default 0,
  created_at        timestamptz not null default now(),
  sent_at           timestamptz
);
-- Rate limits count a user's and an account's sends of the last hour/day.
create index outgoing_messages_user_created on outgoing_messages (user_id, created_at);
create index outgoing_messages_account_created on outgoing_messages (account_id, created_at);
create index outgoing_messages_draft on outgoing_messages (draft_id) where draft_id is not null;

-- mark_answered: the \Answered flag on a message the user replied to, set by the send job.
alter table action_journal drop constraint action_journal_action_check;
alter table action_journal add constraint action_journal_action_check check (action in (
  'mark_read', 'mark_unread', 'flag', 'unflag', 'add_keyword', 'remove_keyword', 'move', 'trash', 'delete', 'archive', 'junk', 'inbox', 'snooze', 'unsnooze',
  'copy', 'uncopy', 'mark_answered'));
