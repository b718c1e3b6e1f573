-- The outbound-target policy (src/net/outbound-policy.ts) refuses loopback,
-- private, link-local and other non-public addresses for every connection
-- made on a user's behalf. These are the administrator's exceptions, one
-- entry each in the form src/net/allowed-targets.ts parses and prints
-- ("127.0.0.1/32", "mail.internal:993"). Empty: only public addresses.
create table outbound_allowed_targets (
  entry    text primary key,
  added_by uuid references users on delete set null,
  added_at timestamptz not null default now()
);

-- Connection tests (IMAP account tests, LLM provider tests and model lists)
-- per user in a fixed window (src/net/connection-test-budget.ts): one row
-- per user, counted by one upsert, so concurrent tests cannot overshoot.
create table connection_test_budget (
  user_id      uuid primary key references users on delete cascade,
  window_start timestamptz not null,
  used         integer not null
);
