-- Why an account's last connection or sync failed, as a stable reason (an ImapFailure such as 'auth',
-- 'tls', 'unreachable', or 'folder_paused', 'internal') next to the technical message: pages say the
-- reason in the reader's language; the message (with codes like ECONNREFUSED) stays for the API and logs.
alter table mail_accounts add column last_error_reason text;
alter table sync_progress add column error_reason text;
