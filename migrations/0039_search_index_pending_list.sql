-- New messages' search tokens (several hundred per message since the index holds prefixes, 0029) are
-- appended to the GIN index's pending list instead of being merged into its tree one by one inside
-- sync's transaction: merging was two thirds of storing a message (bench:sync). Searches read the
-- pending list too, so new mail is searchable at once. The merge_search_index job, queued by sync,
-- merges the list in bulk in the background; autovacuum would too. 128 MB holds about 15,000
-- messages' tokens before an insert has to merge on its own.
alter index messages_search_tokens set (fastupdate = on, gin_pending_list_limit = 131072);
