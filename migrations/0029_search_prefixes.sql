-- The blind index learns prefixes (src/search/blind-index.ts): every message is indexed again
-- by the index_messages backfill, which the message list requests while any message has no tokens.
update messages set search_tokens = null where search_tokens is not null;
