-- Reply proposals (src/replies/propose.ts): the text the assistant or a
-- template wrote for one message, encrypted with the user's data key; the
-- reply page takes one by id (?proposal=). Tone, form and language are
-- plain: they say nothing about the mail. Per account, the user's
-- signature, encrypted like everything the user writes.
create table reply_proposals (
  id              uuid primary key,
  user_id         uuid not null references users on delete cascade,
  message_id      uuid not null references messages on delete cascade,
  tone            text not null check (tone in ('formal', 'friendly', 'brief', 'decline', 'ask_details')),
  form            text not null check (form in ('sie', 'du')),
  language        text not null check (language in ('de', 'en')),
  source          text not null check (source in ('llm', 'template')),
  -- Why a template was used (injection_suspected, budget_spent …), shown again with the stored proposal.
  notice          text,
  text_encrypted  bytea not null,
  created_at      timestamptz not null default now()
);
create index reply_proposals_message on reply_proposals (user_id, message_id, created_at desc);

create table account_signatures (
  account_id          uuid primary key references mail_accounts on delete cascade,
  user_id             uuid not null references users on delete cascade,
  signature_encrypted bytea not null,
  updated_at          timestamptz not null default now()
);
create index account_signatures_user on account_signatures (user_id);
