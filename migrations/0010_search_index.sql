-- The message list: a blind search index and the sort keys its pages are
-- read by, so every list page and search is one index scan that stops after
-- 51 rows instead of sorting the whole mailbox.
--
-- Search: each message's words (subject, sender, body) are HMAC'd under a
-- per-user key (deriveKey(dataKey, "search-index")) and the first 8 bytes
-- kept as a signed int64, in one bigint[] per message with a GIN index; a
-- search for several words is `search_tokens @> array[…]`. Chosen over a
-- side table of (message_id, token) rows: one row per word would be ~500
-- rows per message (25 million at 50,000 messages) with a tuple header
-- each, where the array costs 8 bytes per word and one GIN entry. 64 bits
-- make a false match between two words about 1 in 10^19 per pair: no false
-- hits in practice. Tokens are per user (the key is), so the index needs no
-- user column to stay selective; every query still says user_id.
-- null = not indexed yet (older rows): tasks/index_messages.ts fills them.
alter table messages add column search_tokens bigint[];
create index messages_search_tokens on messages using gin (search_tokens);
create index messages_unindexed on messages (user_id) where search_tokens is null;

-- The date a message is listed by: when it arrived, else its Date header,
-- else when we stored it. Never null, so keyset cursors need no null rules.
alter table messages add column list_date timestamptz generated always as (coalesce(received_at, sent_at, created_at)) stored;

-- The analysis score (3–9) copied onto the message, 0 while there is none,
-- kept by a trigger on analyses: sorting by priority then needs no join
-- before the LIMIT, and an index on messages can serve it.
alter table messages add column priority smallint not null default 0;
update messages m set priority = a.score from analyses a where a.message_id = m.id;

create function messages_copy_priority() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    update messages set priority = 0 where id = old.message_id and priority <> 0;
  else
    update messages set priority = new.score where id = new.message_id and priority <> new.score;
  end if;
  return null;
end $$;
create trigger analyses_copy_priority after insert or update or delete on analyses
  for each row execute function messages_copy_priority();

-- One index per sort order, for the open list (the default) and for all.
-- Each column ascending: a descending sort walks it backwards.
create index messages_list_open_priority on messages (user_id, priority, list_date, id) where orphaned_at is null and done_at is null;
create index messages_list_priority on messages (user_id, priority, list_date, id) where orphaned_at is null;
create index messages_list_open_date on messages (user_id, list_date, id) where orphaned_at is null and done_at is null;
create index messages_list_date on messages (user_id, list_date, id) where orphaned_at is null;
create index messages_list_size on messages (user_id, size, id) where orphaned_at is null;
