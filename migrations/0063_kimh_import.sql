-- Migration from KI-Mail-Helper (npm run import-kimh, src/migrate-kimh/).
-- Which of its rows became which of ours, so a second run writes nothing:
--   kind: the source table ("user", "mail_account", "raw_email", "email_attachment", "processed_email",
--   "correction", "email_tag", "email_tag_assignment", "trusted_sender", "spacy_vip_sender", "auto_rule");
--   source_id: its primary key (users: the e-mail address, which is unique there and here);
--   target_id: our row's id (text: some targets are composite, e.g. "message:tag").
-- Scoped by our user: two KI-Mail-Helper installations with different users never collide, and the rows go
-- with the user (crypto-erasure removes them too).
create table kimh_imports (
  user_id     uuid not null references users on delete cascade,
  kind        text not null,
  source_id   text not null,
  target_id   text not null,
  imported_at timestamptz not null default now(),
  primary key (user_id, kind, source_id)
);
-- Users are looked up by their KI-Mail-Helper address before we know our id.
create index kimh_imports_users on kimh_imports (kind, source_id) where kind = 'user';

-- A migrated user signs in with their KI-Mail-Helper password once and must choose a new one (and a new
-- second factor: KI-Mail-Helper's TOTP secret was stored in plain text, so it is not carried over).
alter table users add column password_change_required boolean not null default false;
