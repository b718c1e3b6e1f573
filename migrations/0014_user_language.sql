-- The UI language a user chose (the language switch while signed in), so it
-- follows them to every device; null: the browser's Accept-Language decides.
alter table users add column language text check (language in ('de', 'en'));
