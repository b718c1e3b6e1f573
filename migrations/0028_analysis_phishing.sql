-- Suspected phishing (src/analysis/local/phishing.ts) as a column, so the
-- message list can show its warning without decrypting each analysis.
-- Analyses from before say false until they are analysed again.
alter table analyses add column phishing boolean not null default false;
