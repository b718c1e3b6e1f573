-- The categories users know from their mail provider (src/analysis/types.ts
-- CATEGORIES): newsletter, notification, social and personal, beside the three
-- that say how much a message asks. Existing rows keep their category; a
-- re-analysis may give the new ones.
alter table analyses drop constraint analyses_category_check;
alter table analyses add constraint analyses_category_check
  check (category in ('action_required', 'urgent', 'information', 'newsletter', 'notification', 'social', 'personal'));
