-- The subject and senders of a message, encrypted on their own (JSON, AAD
-- purpose "message-summary:<id>"): what lists and thread pages show, so a
-- page of 50 rows decrypts and parses a few hundred bytes per row instead
-- of the whole header document. Null for messages stored before it existed;
-- readers fall back to headers_encrypted (src/mail/message-summary.ts).
alter table messages add column summary_encrypted bytea;
