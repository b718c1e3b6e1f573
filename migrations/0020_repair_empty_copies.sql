-- Repairs the damage of a sync defect (fixed in src/mail/sync/sync-folder.ts):
-- other clients' flag changes reported during a FETCH were stored as
-- messages without a body (size 0), and the UIDs they named pointed at that
-- empty message instead of the real one, which was then never fetched. No
-- real message is 0 bytes (and one that were would simply be fetched again).
-- The folders that held such copies forget their message count, so their
-- next sync compares UIDs with the server and fetches the real messages.
update folders set message_count = null
where id in (select c.folder_id from message_copies c join messages m on m.id = c.message_id where m.size = 0);
delete from messages where size = 0;
