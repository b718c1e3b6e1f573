-- Who is syncing an account right now, until when (renewed while it runs).
-- A row lease rather than a session advisory lock: it needs no connection
-- pinned for the whole sync, and a dead holder's lease simply expires.
alter table mail_accounts add column sync_holder text, add column sync_lease_until timestamptz;
