-- Signed webhooks (issue 20, src/webhooks/). A user's endpoints: the URL and
-- the signing secret are encrypted with the user's data key (purposes
-- webhook-url:<id>, webhook-secret:<id>), like IMAP credentials, so the
-- delivery job opens them the way sync opens a mailbox. During a rotation
-- the previous secret keeps signing until previous_secret_until.
--   enabled: the user's pause switch.
--   disabled_at: set by the deliveries after repeated failures; the user
--   re-enables (clears it). Events reach only enabled, not disabled hooks.
--   consecutive_failures: deliveries that failed for good in a row;
--   failing_since: the first failed attempt since the last success.
create table webhooks (
  id                          uuid primary key default gen_random_uuid(),
  user_id                     uuid not null references users on delete cascade,
  name                        text not null,
  url_encrypted               bytea not null,
  events                      text[] not null,
  include_text                boolean not null default false,
  enabled                     boolean not null default true,
  secret_encrypted            bytea not null,
  previous_secret_encrypted   bytea,
  previous_secret_until       timestamptz,
  disabled_at                 timestamptz,
  consecutive_failures        integer not null default 0,
  failing_since               timestamptz,
  created_at                  timestamptz not null default now(),
  updated_at                  timestamptz not null default now()
);
-- The emission's one query: the user's hooks that take events (none: an index probe and nothing else).
create index webhooks_user_active on webhooks (user_id) where enabled and disabled_at is null;
create index webhooks_user_created on webhooks (user_id, created_at, id);

-- One row per event per webhook; its id is the `webhook-id` header, the
-- same on every attempt. event_data holds ids and stable codes only; the
-- body is built at the first attempt (it may carry the analysis and, if the
-- hook includes text, the subject) and kept encrypted (purpose
-- webhook-body:<id>) so every retry sends and signs the same bytes.
create table webhook_deliveries (
  id                uuid primary key default gen_random_uuid(),
  webhook_id        uuid not null references webhooks on delete cascade,
  user_id           uuid not null references users on delete cascade,
  event_type        text not null,
  event_data        jsonb not null,
  event_at          timestamptz not null default now(),
  body_encrypted    bytea,
  status            text not null default 'pending' check (status in ('pending', 'retrying', 'succeeded', 'failed', 'skipped')),
  attempts          integer not null default 0,
  response_status   integer,
  -- At most 256 bytes of a text answer, or a stable code (timeout, network, refused, redirect).
  response_excerpt  text,
  error_code        text,
  next_attempt_at   timestamptz,
  updated_at        timestamptz not null default now()
);
create index webhook_deliveries_hook_recent on webhook_deliveries (webhook_id, event_at desc, id desc);
create index webhook_deliveries_user on webhook_deliveries (user_id);
