-- Snoozed mail optionally parked in a "Snoozed" folder on the server, so
-- other mail clients agree (src/mail/actions/snooze.ts, snooze-folder.ts).

-- Per user, off by default: a snooze also moves the message to the account's Snoozed folder.
alter table users add column snooze_moves boolean not null default false;

-- The Snoozed folder is a role like Archive and Junk: the user's chosen folder, or the one created for it.
alter table folders drop constraint folders_chosen_role_check;
alter table folders add constraint folders_chosen_role_check check (chosen_role in ('archive', 'junk', 'snoozed'));

-- snooze: a move to the Snoozed folder; unsnooze: the move back to where the snooze took it from.
alter table action_journal drop constraint action_journal_action_check;
alter table action_journal add constraint action_journal_action_check check (action in (
  'mark_read', 'mark_unread', 'flag', 'unflag', 'add_keyword', 'remove_keyword', 'move', 'trash', 'delete', 'archive', 'junk', 'inbox', 'snooze', 'unsnooze'));

-- A snooze moved the message's copy to the Snoozed folder and no move back has finished yet. Set by the
-- write-back once the server moved it, cleared once it is back (or has left that folder some other way):
-- waking a message with it set asks for the move back, and a full sync asks again for one that is still there.
alter table messages add column snooze_moved boolean not null default false;
create index messages_snooze_moved on messages (account_id) where snooze_moved;
