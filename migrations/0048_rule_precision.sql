-- A rule's precision (src/rules/precision.ts): what the user did after a
-- match says whether it was right. A contradiction (undone, moved back out
-- of the folder the rule filed it to, a level or tag or flag corrected, a
-- suggestion dismissed) is recorded once, on the match, with its reason.
alter table rule_matches add column contradicted_at timestamptz;
alter table rule_matches add column contradiction text
  check (contradiction in ('undone', 'moved_back', 'corrected', 'dismissed'));
alter table rule_matches add constraint rule_matches_contradiction_pair check ((contradicted_at is null) = (contradiction is null));

-- An act rule whose precision fell below the threshold was switched to
-- suggest; the notice says why ({"judged": 12, "contradicted": 7}) until the
-- user dismisses it. Written by the same UPDATE that switches the mode.
alter table rules add column switch_notice jsonb;
alter table rules add column switched_at timestamptz;

-- copy: an IMAP COPY of the message into another folder (a rule's copy
-- action); uncopy: its undo, expunging that copy on the server.
alter table action_journal drop constraint action_journal_action_check;
alter table action_journal add constraint action_journal_action_check check (action in (
  'mark_read', 'mark_unread', 'flag', 'unflag', 'add_keyword', 'remove_keyword', 'move', 'trash', 'delete', 'archive', 'junk', 'inbox', 'snooze', 'unsnooze',
  'copy', 'uncopy'));
