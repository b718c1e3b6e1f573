-- The periodic full sync is due by the start of the last *full* sync.
-- INBOX-only syncs (every IDLE push) also set last_sync_started_at, so an
-- INBOX that got mail more often than the poll interval kept every other
-- folder from ever being synced again. Null: every account is due once.
alter table mail_accounts add column last_full_sync_started_at timestamptz;
