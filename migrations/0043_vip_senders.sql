-- VIP and trusted senders, per user (src/senders/): an address, or a domain
-- that covers its subdomains too. Their mail is never spam, is at least of
-- high importance and loads remote content, unless the receiving server
-- found the From address forged.
--
-- The value is looked up by an HMAC of "<kind>:<normalised value>" under a
-- key derived from the user's data key ("vip-sender"), so a message's sender
-- can be matched without the table being readable; the value itself is
-- encrypted for the list the user sees (bound to the owner and the hash).

create table vip_senders (
  id              uuid primary key default gen_random_uuid(),
  user_id         uuid not null references users on delete cascade,
  kind            text not null check (kind in ('address', 'domain')),
  value_hash      bytea not null,
  value_encrypted bytea not null,
  created_at      timestamptz not null default now(),
  unique (user_id, kind, value_hash)
);
