-- Provider embeddings for "similar messages" (src/analysis/embed-message.ts,
-- src/inbox/similar-meaning.ts).
--
-- The embedding model is optional: null means no embeddings are asked for.
-- Anthropic has no embeddings API, so the column stays null for that kind.
alter table llm_providers add column embedding_model text
  check (length(embedding_model) between 1 and 200),
  add constraint llm_providers_embedding_kind check (embedding_model is null or kind <> 'anthropic');

-- One vector per message, for the model that made it (a changed model makes
-- the old vectors useless for comparing: they are replaced as mail arrives).
-- The vector says what the mail is about, so it is encrypted with the user's
-- data key like the mail itself (AAD purpose "message-embedding:<message id>");
-- it therefore cannot be searched in SQL, and is compared in the app.
create table message_embeddings (
  message_id        uuid primary key references messages on delete cascade,
  user_id           uuid not null references users on delete cascade,
  model             text not null check (length(model) between 1 and 200),
  dimensions        integer not null check (dimensions between 1 and 8192),
  -- float32 little-endian, `dimensions` of them.
  vector_encrypted  bytea not null,
  created_at        timestamptz not null default now()
);
-- The ranking's candidate set: a user's most recent vectors of one model.
create index message_embeddings_user_model on message_embeddings (user_id, model, created_at desc);
