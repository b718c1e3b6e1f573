-- Optional LLM providers, one per user, what each mailbox may show them,
-- and a daily call budget.
--
-- The API key is encrypted with the user's data key (AAD purpose
-- "llm-api-key"); the API and the pages only ever say whether one is set.
-- Base URL and model are not secret and stay readable, so the settings page
-- and support can see them without the key.

create table llm_providers (
  user_id               uuid primary key references users on delete cascade,
  -- ollama: Ollama's own API; openai: any OpenAI-compatible server (OpenAI, Mistral, LM Studio, vLLM…); anthropic: Claude.
  kind                  text not null check (kind in ('ollama', 'openai', 'anthropic')),
  base_url              text not null check (base_url ~ '^https?://' and length(base_url) <= 2048),
  model                 text not null check (length(model) between 1 and 200),
  -- A stronger model to ask when the first answer is unsure (the caller decides when).
  second_opinion_model  text check (length(second_opinion_model) between 1 and 200),
  api_key_encrypted     bytea,
  daily_budget          integer not null default 200 check (daily_budget between 0 and 100000),
  enabled               boolean not null default true,
  timeout_seconds       integer not null default 60 check (timeout_seconds between 5 and 600),
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);

-- What of a message an LLM sees: the headers only, the headers and the start of the body, or all of it (capped).
alter table mail_accounts add column llm_visibility text not null default 'headers_body_start'
  check (llm_visibility in ('headers', 'headers_body_start', 'full'));

-- Calls made per user and UTC day; src/analysis/llm/budget.ts takes one with a single upsert that checks the limit.
create table llm_usage (
  user_id  uuid not null references users on delete cascade,
  day      date not null,
  calls    integer not null default 0 check (calls >= 0),
  primary key (user_id, day)
);
