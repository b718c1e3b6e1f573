-- Auto-rules (src/rules/): the user's ordered rules, the runs that apply them
-- and what each run did to which message.

-- The name and the definition (the condition tree and actions as JSON) are
-- encrypted with the user's data key: they hold the user's words and the
-- addresses of their correspondents. Bound to the owner and the rule id.
-- position orders a user's rules (lowest first, then oldest); it is rewritten
-- as a whole on reorder, so it is not unique meanwhile.
create table rules (
  id                   uuid primary key default gen_random_uuid(),
  user_id              uuid not null references users on delete cascade,
  position             integer not null,
  name_encrypted       bytea not null,
  enabled              boolean not null default true,
  mode                 text not null default 'act' check (mode in ('act', 'suggest', 'shadow')),
  -- Null: every account / every folder. Ids of gone accounts or folders simply never match.
  account_ids          uuid[],
  folder_ids           uuid[],
  definition_encrypted bytea not null,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create index rules_user_position on rules (user_id, position, created_at);

-- A run: the pipeline's work on new mail (one row per user and UTC day, so
-- "undo what rules did today" is one run), a run over a folder or all mail the
-- user started (a run_rules job), or a dry run (reserved: a dry run writes
-- nothing today). The job checks `state` between pages: 'cancelling' stops it.
create table rule_runs (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users on delete cascade,
  kind         text not null check (kind in ('pipeline', 'manual', 'dry_run')),
  -- {} for all mail, {"folderId": …} for one folder.
  scope        jsonb not null default '{}',
  pipeline_day date,
  state        text not null default 'queued' check (state in ('queued', 'running', 'cancelling', 'cancelled', 'done', 'failed')),
  total        integer not null default 0,
  done         integer not null default 0,
  matched      integer not null default 0,
  -- Where a manual run resumes after a retry: messages are walked by id.
  cursor       uuid,
  created_at   timestamptz not null default now(),
  finished_at  timestamptz,
  check ((kind = 'pipeline') = (pipeline_day is not null))
);
create unique index rule_runs_pipeline_day on rule_runs (user_id, pipeline_day) where kind = 'pipeline';
create index rule_runs_user on rule_runs (user_id, created_at desc);

-- A rule that matched a message in a run. `why` holds the conditions that
-- held as codes (their place in the tree and what they test, never the user's
-- words); `actions` what was done (act) or would be (suggest, shadow): ids and
-- levels only. `journal_ids` are the server writes, `batch_id` their batch,
-- which undoes them together; one batch per message and run.
-- The unique key makes a run's retry skip what it recorded already.
create table rule_matches (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users on delete cascade,
  run_id      uuid not null references rule_runs on delete cascade,
  rule_id     uuid references rules on delete set null,
  message_id  uuid not null references messages on delete cascade,
  mode        text not null check (mode in ('act', 'suggest', 'shadow')),
  why         jsonb not null,
  actions     jsonb not null,
  journal_ids uuid[] not null default '{}',
  batch_id    uuid,
  -- A suggestion the user applied (one click), and when.
  applied_at  timestamptz,
  created_at  timestamptz not null default now(),
  unique (run_id, rule_id, message_id)
);
create index rule_matches_run on rule_matches (run_id, created_at desc);
create index rule_matches_rule on rule_matches (rule_id, created_at desc);
create index rule_matches_message on rule_matches (message_id);
create index rule_matches_user on rule_matches (user_id);

-- Set once the pipeline ran the rules on a new message (in the transaction of
-- what they did), so a retried process_message job never runs them twice.
alter table messages add column rules_done_at timestamptz;
