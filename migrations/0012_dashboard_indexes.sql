-- Threads view: conversations ordered by their latest message ("activity":
-- received, or stored when the server gave no date). The list walks the
-- user's messages newest first and keeps each thread's newest one; the
-- second index answers "is there a newer message in this thread?" and reads
-- a thread's messages in order.
create index messages_user_activity on messages (user_id, (coalesce(received_at, created_at)) desc, id desc) where orphaned_at is null;
create index messages_thread_activity on messages (thread_id, (coalesce(received_at, created_at)) desc, id desc) where orphaned_at is null;
