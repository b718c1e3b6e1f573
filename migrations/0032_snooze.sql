-- Snooze (src/mail/actions/snooze.ts): a message hidden from the open list
-- until a chosen time, when the `return_snoozed` job brings it back.
alter table messages add column snoozed_until timestamptz;
create index messages_snoozed on messages (snoozed_until) where snoozed_until is not null;

drop index messages_list_open_priority;
drop index messages_list_open_date;
create index messages_list_open_priority on messages (user_id, priority, list_date, id) where orphaned_at is null and done_at is null and not spam and snoozed_until is null;
create index messages_list_open_date on messages (user_id, list_date, id) where orphaned_at is null and done_at is null and not spam and snoozed_until is null;
