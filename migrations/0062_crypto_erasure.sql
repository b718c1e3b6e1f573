-- Deletion by crypto-erasure (src/auth/delete-user.ts). Deleting an account
-- first destroys every wrap of the user's data key in one transaction and
-- marks the row erased; a job then removes the rows in batches and finally
-- the user row. In between the row holds no key material at all, so the
-- constraint allows an erased row without a password wrap and requires it.
alter table users add column erased_at timestamptz;
-- Progress of the deletion job: rows to delete when it started, rows deleted so far.
alter table users add column erasure_rows_total bigint;
alter table users add column erasure_rows_deleted bigint not null default 0;
alter table users alter column dek_password_wrapped drop not null;
alter table users drop constraint users_key_mode_wrap;
alter table users add constraint users_key_mode_wrap check (
  (erased_at is not null and status = 'disabled' and dek_password_wrapped is null and dek_master_wrapped is null
    and dek_master_key_id is null and totp_secret_encrypted is null)
  or (erased_at is null and dek_password_wrapped is not null and (
    (key_mode = 'background' and dek_master_wrapped is not null and dek_master_key_id is not null)
    or (key_mode = 'strict' and dek_master_wrapped is null and dek_master_key_id is null)))
);
