-- Learned tag suggestions (src/analysis/local/tag-model.ts): one model per
-- user, encrypted like user_models; the suggestions a user rejected for a
-- message (never suggested for it again); and the label each (message, tag)
-- last taught the model, so the same feedback twice is learned once.

create table tag_models (
  user_id          uuid primary key references users on delete cascade,
  -- AAD purpose "tag-model"; the bytes of serializeTagModel.
  model_encrypted  bytea not null,
  -- Feedback learned (assignments, removals, rejections).
  examples         integer not null default 0,
  updated_at       timestamptz not null default now()
);

create table tag_suggestion_rejections (
  user_id     uuid not null references users on delete cascade,
  message_id  uuid not null references messages on delete cascade,
  tag_id      uuid not null references tags on delete cascade,
  created_at  timestamptz not null default now(),
  primary key (message_id, tag_id)
);
create index tag_suggestion_rejections_user on tag_suggestion_rejections (user_id);

create table tag_model_labels (
  user_id     uuid not null references users on delete cascade,
  message_id  uuid not null references messages on delete cascade,
  tag_id      uuid not null references tags on delete cascade,
  -- 1: assigned, -1: removed or rejected.
  label       smallint not null check (label in (1, -1)),
  updated_at  timestamptz not null default now(),
  primary key (message_id, tag_id)
);
create index tag_model_labels_user on tag_model_labels (user_id);
