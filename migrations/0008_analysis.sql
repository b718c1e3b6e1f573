-- AI analysis of messages, the user's corrections, what is learned from them
-- (sender patterns, the per-user model) and the user's tags.
--
-- The levels, flags and category of an analysis are plain columns: the
-- dashboard counts them, lists filter and sort by them in SQL (like the
-- message flags). Everything a reader could learn the mail from (summary,
-- reasons, suggested tags) is in `detail_encrypted`, under the user's data key.

alter table messages add column done_at timestamptz;
-- The raw header block (encrypted), read only by analysis: kept out of headers_encrypted, which every list row decrypts.
alter table messages add column raw_headers_encrypted bytea;
create index messages_user_open on messages (user_id, received_at desc) where done_at is null and orphaned_at is null;

create table analyses (
  message_id        uuid primary key references messages on delete cascade,
  user_id           uuid not null references users on delete cascade,
  urgency           smallint not null check (urgency between 1 and 3),
  importance        smallint not null check (importance between 1 and 3),
  -- 2 × urgency + importance (3–9); red ≥ 8, yellow ≥ 5, otherwise green.
  score             smallint generated always as (2 * urgency + importance) stored,
  traffic_light     text generated always as (
                      case when 2 * urgency + importance >= 8 then 'red'
                           when 2 * urgency + importance >= 5 then 'yellow'
                           else 'green' end) stored,
  category          text not null check (category in ('action_required', 'urgent', 'information')),
  spam              boolean not null,
  newsletter        boolean not null,
  -- ISO 639-1 code, null when unknown.
  language          text,
  -- Who produced it: local | ollama | openai | anthropic; model name for LLMs.
  provider          text not null,
  model             text,
  -- Set when an LLM was asked but the local analyser's answer was kept, and why (invalid, timeout, budget…).
  fallback_reason   text,
  -- Fields the user corrected; a later (re)analysis keeps the user's values for these.
  corrected_fields  text[] not null default '{}',
  -- JSON of the whole Analysis (src/analysis/types.ts), AAD purpose "analysis:<message id>": confidences, reasons, summary, tags.
  detail_encrypted  bytea not null,
  analysed_at       timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
create index analyses_user_cell on analyses (user_id, urgency, importance);
create index analyses_user_score on analyses (user_id, score desc);

-- Every correction, kept so models can be rebuilt. The message may be gone
-- by then, so the features the model learned from are kept with it.
create table corrections (
  id                 bigint generated always as identity primary key,
  user_id            uuid not null references users on delete cascade,
  message_id         uuid references messages on delete set null,
  field              text not null check (field in ('urgency', 'importance', 'category', 'spam', 'newsletter')),
  old_value          text,
  new_value          text not null,
  -- The analyser's feature vector of the message (encrypted JSON), to rebuild the model without the message.
  features_encrypted bytea,
  created_at         timestamptz not null default now()
);
create index corrections_user on corrections (user_id, created_at desc);

-- What a sender's mail usually is, per user. The sender is an HMAC of the
-- normalised address (queryable, not readable) plus the address encrypted,
-- so the user's statistics page can show it.
create table sender_patterns (
  user_id           uuid not null references users on delete cascade,
  sender_hash       bytea not null,
  sender_encrypted  bytea not null,
  -- Weighted counts: {"category": {"information": 2.5, …}, "urgency": {"1": …}, "importance": {…},
  --                   "newsletter": {"true": …, "false": …}, "spam": {…}}; corrections weigh more than analyses.
  counts            jsonb not null default '{}',
  messages          integer not null default 0,
  corrections       integer not null default 0,
  last_used_at      timestamptz not null default now(),
  created_at        timestamptz not null default now(),
  primary key (user_id, sender_hash)
);
create index sender_patterns_last_used on sender_patterns (last_used_at);

-- The per-user part of the local analyser (learned from corrections), encrypted.
create table user_models (
  user_id          uuid primary key references users on delete cascade,
  model_encrypted  bytea not null,
  examples         integer not null default 0,
  -- Corrections since the last re-scoring of recent mail.
  corrections_since_rescore integer not null default 0,
  updated_at       timestamptz not null default now()
);

create table tags (
  id              uuid primary key default gen_random_uuid(),
  user_id         uuid not null references users on delete cascade,
  name_hash       bytea not null,
  name_encrypted  bytea not null,
  color           text,
  created_at      timestamptz not null default now(),
  unique (user_id, name_hash)
);

create table message_tags (
  message_id  uuid not null references messages on delete cascade,
  tag_id      uuid not null references tags on delete cascade,
  user_id     uuid not null references users on delete cascade,
  -- user: set by the user; ai: accepted suggestion; rule: set by an auto-rule.
  source      text not null default 'user' check (source in ('user', 'ai', 'rule')),
  created_at  timestamptz not null default now(),
  primary key (message_id, tag_id)
);
create index message_tags_tag on message_tags (tag_id);

-- Analysis work beyond the first pass (an LLM pass, a reprocess or second
-- opinion the user asked for, re-scoring after many corrections), so the
-- owner can follow it.
create table analysis_runs (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users on delete cascade,
  message_id   uuid references messages on delete cascade,
  kind         text not null check (kind in ('llm', 'reprocess', 'second_opinion', 'rescore')),
  state        text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
  -- A code: analysed, fallback:<reason>, no_provider, gone, rescored:<n>…
  outcome      text,
  created_at   timestamptz not null default now(),
  finished_at  timestamptz
);
create index analysis_runs_user on analysis_runs (user_id, created_at desc);
