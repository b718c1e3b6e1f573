-- Users, sessions, second factor, invitations, sign-in throttling, audit.
-- Secrets are never stored in clear: password hashes are argon2id, tokens
-- and recovery codes are SHA-256 of high-entropy values, the data key and
-- the TOTP secret are encrypted (see src/crypto/).

create table users (
  id                   uuid primary key default gen_random_uuid(),
  email                text not null,
  display_name         text not null default '',
  role                 text not null check (role in ('admin', 'user')),
  status               text not null default 'active' check (status in ('active', 'disabled')),
  password_hash        text not null,
  -- background: the data key is also wrapped by the master key (jobs run while the user is away);
  -- strict: only live sessions hold it.
  key_mode             text not null default 'background' check (key_mode in ('background', 'strict')),
  dek_password_wrapped bytea not null,
  dek_kdf_salt         bytea not null,
  dek_kdf_params       text not null,
  dek_master_wrapped   bytea,
  dek_master_key_id    text,
  totp_secret_encrypted bytea,
  totp_enabled_at      timestamptz,
  -- The last 30-second TOTP step accepted: a code for it or an earlier one is refused.
  totp_last_step       bigint not null default 0,
  created_at           timestamptz not null default now(),
  password_changed_at  timestamptz not null default now(),
  constraint users_key_mode_wrap check (
    (key_mode = 'background' and dek_master_wrapped is not null and dek_master_key_id is not null)
    or (key_mode = 'strict' and dek_master_wrapped is null and dek_master_key_id is null)
  )
);
create unique index users_email_key on users (lower(email));

create table sessions (
  -- SHA-256 of the token in the cookie: a database dump cannot be used to sign in.
  id             bytea primary key,
  user_id        uuid not null references users on delete cascade,
  -- second_factor: password checked, code pending; setup_second_factor: must set one up first.
  stage          text not null check (stage in ('second_factor', 'setup_second_factor', 'full')),
  created_at     timestamptz not null default now(),
  last_seen_at   timestamptz not null default now(),
  expires_at     timestamptz not null,
  user_agent     text not null default '',
  client_address text not null default '',
  -- Strict mode only: the data key wrapped by the master key, bound to this session.
  dek_wrapped    bytea,
  dek_key_id     text
);
create index sessions_user_id on sessions (user_id);
create index sessions_expires_at on sessions (expires_at);

create table recovery_codes (
  user_id   uuid not null references users on delete cascade,
  code_hash text not null,
  used_at   timestamptz,
  primary key (user_id, code_hash)
);

-- Single-use links: sign-up invitations, and password resets an administrator
-- issues (which wipe the user's encrypted data; see src/auth/admin.ts).
create table invitations (
  id          uuid primary key default gen_random_uuid(),
  kind        text not null default 'signup' check (kind in ('signup', 'password_reset')),
  token_hash  bytea not null unique,
  email       text,
  role        text not null check (role in ('admin', 'user')),
  -- password_reset: whose password.
  user_id     uuid references users on delete cascade,
  created_by  uuid references users on delete set null,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  used_at     timestamptz,
  used_by     uuid references users on delete set null,
  revoked_at  timestamptz
);
create index invitations_created_at on invitations (created_at desc);

-- Failed attempts per (what, who): "who" is an HMAC of the account or client address.
create table auth_throttle (
  scope           text not null,
  subject         bytea not null,
  failures        integer not null,
  last_failure_at timestamptz not null,
  -- No attempt before this; an attempt in progress moves it forward (see src/auth/throttle.ts).
  next_attempt_at timestamptz not null,
  primary key (scope, subject)
);
create index auth_throttle_last_failure_at on auth_throttle (last_failure_at);

-- Security-relevant changes, readable by administrators.
create table audit_events (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  actor_id   uuid references users on delete set null,
  subject_id uuid references users on delete set null,
  event      text not null,
  detail     jsonb not null default '{}'
);
create index audit_events_at on audit_events (at desc);
