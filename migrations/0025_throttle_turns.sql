-- Whose turn it is among unknown clients while an account's sign-in delay
-- runs (src/auth/throttle-turns.ts): one row per account and client address,
-- both HMACs like auth_throttle's subjects.
create table auth_throttle_turns (
  scope       text not null,
  account     bytea not null,
  address     bytea not null,
  -- Had an attempt checked since its turn began; unserved clients go first.
  served      boolean not null default false,
  -- Place in line: older goes first. Reset by being served or by asking before promised_at.
  turn_at     timestamptz not null default now(),
  -- When it was told to come back (Retry-After); waiting while now() <= promised_at + grace.
  promised_at timestamptz,
  primary key (scope, account, address)
);
create index auth_throttle_turns_turn_at on auth_throttle_turns (turn_at);
