-- Self-service exports (src/export/): everything a user owns, in one archive
-- encrypted to a passphrase the user typed. The passphrase is never stored:
-- the request derives the archive key from it (scrypt, the backup format's
-- parameters) and keeps that key here only encrypted under the user's data
-- key, bound to the export, until the build job has written the file; then
-- it is erased. The file is deleted 24 hours after it was finished.
create table user_exports (
  id                uuid primary key default gen_random_uuid(),
  user_id           uuid not null references users on delete cascade,
  -- queued → running → ready | failed; expired once the file is deleted.
  status            text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed', 'expired')),
  -- The derived archive key and its public KDF header (JSON: kdf, keyCheck), encrypted with the data key; null once used.
  key_encrypted     bytea,
  -- Progress for the user's jobs page: messages written of total.
  done              integer not null default 0,
  total             integer not null default 0,
  -- Counts per part (manifest.json's counts) once ready.
  counts            jsonb,
  size_bytes        bigint,
  -- A stable code (src/export/store.ts ExportFailure), never a message text.
  error_code        text,
  created_at        timestamptz not null default now(),
  finished_at       timestamptz,
  expires_at        timestamptz
);
create index user_exports_user on user_exports (user_id, created_at desc);
create index user_exports_expires on user_exports (expires_at) where status in ('ready', 'failed');
