-- Archive, spam reports and undo (src/mail/actions/role-folders.ts, undo.ts).
-- Moves to a role folder: the account's Archive, Junk or INBOX.
alter table action_journal drop constraint action_journal_action_check;
alter table action_journal add constraint action_journal_action_check check (action in (
  'mark_read', 'mark_unread', 'flag', 'unflag', 'add_keyword', 'remove_keyword', 'move', 'trash', 'delete', 'archive', 'junk', 'inbox'));
-- Actions asked for together (a bulk action) are undone together.
alter table action_journal add column batch_id uuid;
create index action_journal_batch on action_journal (batch_id) where batch_id is not null;
-- The action that undid this one (undo is an action of its own, journaled like any other).
alter table action_journal add column undone_by uuid references action_journal on delete set null;

-- The folder the user chose for a role, or the one created because the server has none with it.
alter table folders add column chosen_role text check (chosen_role in ('archive', 'junk'));
create unique index folders_chosen_role on folders (account_id, chosen_role) where chosen_role is not null;

-- Per user: "done" also archives on the server; opening a message marks it read.
alter table users add column done_archives boolean not null default false;
alter table users add column read_on_open boolean not null default true;
