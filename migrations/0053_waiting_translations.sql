-- "Waiting for reply" (src/mail/waiting/) and translations on demand (src/mail/translate/).

-- After how many days without an answer a message the user sent counts as waiting (the /waiting page sets it).
alter table users add column waiting_days smallint not null default 3 check (waiting_days between 1 and 30);

-- What the waiting query needs to know of a message but cannot read in SQL (the headers are encrypted):
-- worked out once from the decrypted headers (src/mail/waiting/facts.ts) and kept per message.
--   from_own: From is one of the user's own addresses (with any plus tag);
--   expects_reply: it went to someone who can answer: an address that is not the user's own and not a
--   no-reply address, and it is no list, bulk or automatic mail.
create table waiting_facts (
  message_id    uuid primary key references messages on delete cascade,
  user_id       uuid not null references users on delete cascade,
  from_own      boolean not null,
  expects_reply boolean not null
);
-- The waiting query starts from the messages that expect a reply (few), not from every message of the window.
create index waiting_facts_user_expects on waiting_facts (user_id, message_id) where expects_reply;

-- "Erledigt" on the waiting page: the user stopped waiting for an answer to this message.
create table waiting_dismissals (
  message_id   uuid primary key references messages on delete cascade,
  user_id      uuid not null references users on delete cascade,
  dismissed_at timestamptz not null default now()
);
create index waiting_dismissals_user on waiting_dismissals (user_id);

-- A message translated into the user's language by their LLM provider: the text encrypted with the
-- user's data key (purpose message-translation:<message id>), one per message and target language.
create table message_translations (
  message_id       uuid not null references messages on delete cascade,
  user_id          uuid not null references users on delete cascade,
  target_language  text not null check (target_language in ('de', 'en')),
  -- The language the analysis detected when it was translated (ISO 639-1), for the page's words.
  source_language  text,
  content_encrypted bytea not null,
  -- The body was longer than a translation asks for: only its start was translated.
  cut              boolean not null default false,
  created_at       timestamptz not null default now(),
  primary key (message_id, target_language)
);
create index message_translations_user on message_translations (user_id);

-- Messages of a user in a thread, by date: the waiting query looks for later messages of each candidate's thread.
create index messages_thread_date on messages (thread_id, list_date);
