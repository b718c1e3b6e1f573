-- Every change made to a mailbox on the user's behalf, with what it was
-- before, so it can be shown, retried and undone. The local copy changes
-- only after the server confirmed the change.
create table action_journal (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users on delete cascade,
  account_id  uuid not null references mail_accounts on delete cascade,
  message_id  uuid references messages on delete set null,
  action      text not null check (action in ('mark_read', 'mark_unread', 'flag', 'unflag', 'add_keyword', 'remove_keyword', 'move', 'trash', 'delete')),
  params      jsonb not null default '{}',
  -- Where the message was and its flags, before and after: {folderId, path, uid, uidvalidity, flags}.
  before      jsonb,
  after       jsonb,
  state       text not null default 'pending' check (state in ('pending', 'done', 'failed')),
  error       text,
  requested_by text not null default 'user',
  created_at  timestamptz not null default now(),
  finished_at timestamptz
);
create index action_journal_user on action_journal (user_id, created_at desc);
create index action_journal_message on action_journal (message_id);
