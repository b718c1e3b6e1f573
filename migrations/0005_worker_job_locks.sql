-- The id under which a worker process's graphile-worker pool locks jobs and
-- queues, so that when the process dies (SIGKILL, power loss) the survivors
-- can unlock them at once instead of after graphile-worker's 4-hour timeout.
alter table worker_heartbeats add column job_lock_id text;
