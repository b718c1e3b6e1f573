-- "Remember this device for 30 days" (src/auth/trusted-devices.ts): a
-- browser that passed the second factor and asked to be remembered skips
-- it at the next sign-ins, with the password still asked. Listed with the
-- sessions, revocable one by one, all gone when the password or the second
-- factor changes. Only the token's SHA-256 is stored.
create table trusted_devices (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users on delete cascade,
  token_hash   bytea not null unique,
  user_agent   text not null default '',
  created_at   timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at   timestamptz not null
);
create index trusted_devices_user on trusted_devices (user_id);
create index trusted_devices_expires on trusted_devices (expires_at);

-- Per user: the time zone dates are shown in (IANA name, from the browser at sign-up; null: the server's).
alter table users add column time_zone text;
