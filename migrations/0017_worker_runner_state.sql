-- Since when a worker process has had no graphile-worker runner (null while
-- it has one). graphile-worker ends its runner for good when it cannot record
-- a job's outcome (the database went away mid-job); the process lives on and
-- starts a new one, and /readyz and `doctor` report the gap instead of
-- counting a heartbeat as a working worker.
alter table worker_heartbeats add column runner_down_since timestamptz;
