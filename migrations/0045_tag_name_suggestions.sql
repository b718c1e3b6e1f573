-- Tag names the user does not have yet, suggested from recurring mailing
-- lists and organisation senders (or an LLM), in a per-user review queue
-- (src/tags/name-queue.ts): approve, rename, merge into a tag, reject.
--
-- The name is looked up by the same keyed hash as tags.name_hash, so a name
-- the user has a tag of is recognised without decrypting; the name itself is
-- encrypted, bound to the owner and the hash.
--
-- state: counting (seen, not yet often enough), pending (in the queue),
-- rejected (quiet until it keeps recurring: see src/tags/name-queue.ts),
-- adopted (renamed or merged into a tag: its mail has a tag, so the name
-- stays quiet). Approved under its own name, the row is deleted: the tag's
-- name hash keeps it out from then on.
create table tag_name_suggestions (
  id                      uuid primary key default gen_random_uuid(),
  user_id                 uuid not null references users on delete cascade,
  name_hash               bytea not null,
  name_encrypted          bytea not null,
  source                  text not null check (source in ('list', 'sender', 'llm')),
  occurrences             integer not null default 0,
  state                   text not null default 'counting' check (state in ('counting', 'pending', 'rejected', 'adopted')),
  rejected_at_occurrences integer,
  first_seen_at           timestamptz not null default now(),
  last_seen_at            timestamptz not null default now(),
  rejected_at             timestamptz,
  unique (user_id, name_hash)
);
create index tag_name_suggestions_pending on tag_name_suggestions (user_id) where state = 'pending';

-- The messages that brought a name (the latest few hundred), so approving
-- or merging can tag them; a row also makes a message count once per name.
create table tag_name_suggestion_messages (
  suggestion_id uuid not null references tag_name_suggestions on delete cascade,
  message_id    uuid not null references messages on delete cascade,
  user_id       uuid not null references users on delete cascade,
  noted_at      timestamptz not null default now(),
  primary key (suggestion_id, message_id)
);
create index tag_name_suggestion_messages_message on tag_name_suggestion_messages (message_id);
