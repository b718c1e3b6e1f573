-- Importing an export archive (issue 21): the archive's mbox files become an offline mailbox and its
-- user-data.json is applied to it (analyses, corrections, tags, rules, sender patterns, VIP list, settings).
-- The passphrase waits for the job sealed under the user's data key and is erased when the import ends;
-- what the JSON part applied is kept as the import's restore report.
alter table mail_imports drop constraint mail_imports_format_check;
alter table mail_imports add constraint mail_imports_format_check check (format in ('mbox', 'maildir', 'eml', 'directory', 'export'));
alter table mail_imports add column passphrase_encrypted bytea;
alter table mail_imports add column restore_report jsonb;
