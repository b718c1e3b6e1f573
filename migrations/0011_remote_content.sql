-- Senders whose mail may load remote content (images, fonts, CSS URLs) at
-- once, per user: the "always for this sender" choice on the message page.
-- The sender is an HMAC of the normalised address under a key derived from
-- the user's data key ("remote-content-sender"): queryable, not readable.

create table remote_content_senders (
  user_id     uuid not null references users on delete cascade,
  sender_hash bytea not null,
  created_at  timestamptz not null default now(),
  primary key (user_id, sender_hash)
);
