-- Learning that does not run away (src/analysis/sender-patterns.ts).
-- The user's labels per sender (corrections and confirmations), apart from
-- the analyser's own votes in `counts`: only labels make a sender pattern.
-- {"spam": {"true": 2, "false": 0}, "category": {"action_required": 1}, …}
-- Rows from before keep their votes (and the corrections mixed into them) in
-- `counts`, which no longer decides anything.
alter table sender_patterns add column labels jsonb not null default '{}';

-- The sender pattern a message belongs to (sender_patterns.sender_hash), so
-- a correction can re-judge that sender's mail already in the box. Null: no
-- sender, the user's own address, or not analysed since this column came.
alter table messages add column sender_hash bytea;
create index messages_sender_hash on messages (user_id, sender_hash) where sender_hash is not null;

-- A run that re-judges one sender's mail after a correction.
alter table analysis_runs add column sender_hash bytea;
alter table analysis_runs drop constraint analysis_runs_kind_check;
alter table analysis_runs add constraint analysis_runs_kind_check check (kind in ('llm', 'reprocess', 'second_opinion', 'rescore', 'rescore_sender'));
