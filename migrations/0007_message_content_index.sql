-- Sync looks up a batch's messages by content hash within the account; the
-- identity index leads with the Message-ID hash and would scan the account.
create index messages_account_content on messages (account_id, content_hash);
