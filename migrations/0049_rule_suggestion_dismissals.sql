-- A suggestion (a suggest-mode rule's match) the user dismissed, and when:
-- it is not offered again. Pending suggestions are the user's suggest
-- matches neither applied nor dismissed; the partial index serves the
-- message page, the list's chips and /rules/suggestions.
alter table rule_matches add column dismissed_at timestamptz;
create index rule_matches_pending on rule_matches (user_id, message_id) where mode = 'suggest' and applied_at is null and dismissed_at is null;
