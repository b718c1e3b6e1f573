-- Personal API tokens (src/auth/api-tokens.ts): a user's programs call /api/v1 with
-- `Authorization: Bearer mh_…`. Only the SHA-256 of the secret is stored, looked up by it.
-- Revoking deletes the row, so the next request with it answers 401.
create table api_tokens (
  id            uuid primary key default gen_random_uuid(),
  user_id       uuid not null references users on delete cascade,
  name          text not null check (char_length(name) between 1 and 100),
  scopes        text[] not null check (cardinality(scopes) > 0 and scopes <@ array['read', 'change', 'send', 'rules', 'admin']),
  -- The first characters of the secret after `mh_`: shown in the list so the user can tell tokens apart.
  prefix        text not null,
  secret_hash   bytea not null unique,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  -- Coarse: written at most once a minute (the rate limit writes the row anyway, this only decides the value).
  last_used_at  timestamptz,
  -- The rate limit (src/http/middleware/rate-limit.ts): requests counted in the window that began at rate_window_start.
  -- One atomic update per request, under the row lock, so concurrent requests in any process never exceed the limit.
  rate_window_start timestamptz not null default '-infinity',
  rate_count        integer not null default 0
);
create index api_tokens_user_created on api_tokens (user_id, created_at desc, id desc);
