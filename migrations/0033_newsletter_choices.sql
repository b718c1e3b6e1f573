-- The newsletter overview's choices per sender (src/mail/unsubscribe.ts,
-- src/inbox/newsletters.ts): when the user unsubscribed, and whether the
-- sender's new mail is archived as it arrives.
alter table sender_patterns add column unsubscribed_at timestamptz;
alter table sender_patterns add column always_archive boolean not null default false;
