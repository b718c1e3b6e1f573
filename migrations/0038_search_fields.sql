-- The blind index learns which words are the sender's and the recipients' (src/search/blind-index.ts),
-- for the `from:` and `to:` search operators: every message is indexed again by the index_messages
-- backfill, which the message list requests while any message has no tokens.
update messages set search_tokens = null where search_tokens is not null;
