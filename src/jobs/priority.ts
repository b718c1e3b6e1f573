/**
 * Job priorities, in one place. graphile-worker takes the lowest number
 * first, then the earliest run_at; 0 is its default. Without these, every job
 * shared one FIFO: a user's "mark as read" waited 3.1 s behind one
 * 6,000-message sync's analysis jobs, and minutes behind 9,000 of them
 * (issue 11). Queues still run their own jobs one at a time and in order;
 * priority only decides which ready job a free worker takes next.
 *
 * The crontab file cannot import these: its `sync_all_accounts` line spells
 * `priority=-10` (JOB_PRIORITY.sync), checked by test/jobs/priority.test.ts.
 */
export const JOB_PRIORITY = {
  /** A change the user just made (read, flag, move): they are looking at the page and expect the server to follow. */
  userAction: -20,
  /** Syncs (the user's "sync now", IDLE pushes, the periodic poll and its crontab job): new mail should show within seconds, however much analysis waits. */
  sync: -10,
  /** Housekeeping (the prune jobs of the crontab): graphile-worker's default. */
  housekeeping: 0,
  /** Analysis the user asked for (analyse again, second opinion, rescore after a correction): ahead of the bulk, behind what keeps the mailbox current. */
  requestedAnalysis: 5,
  /** Bulk work: one process_message per new message (thousands after an initial sync), LLM passes on arrival, the search index backfill. */
  bulk: 10,
} as const;
