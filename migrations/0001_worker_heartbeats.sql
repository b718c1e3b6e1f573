-- Each worker process records that it is alive; /readyz and `doctor` read it.
create table worker_heartbeats (
  worker_id  text primary key,
  hostname   text not null,
  pid        integer not null,
  started_at timestamptz not null default now(),
  seen_at    timestamptz not null default now()
);

create index worker_heartbeats_seen_at on worker_heartbeats (seen_at);
