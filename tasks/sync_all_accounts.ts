/**
 * The safety net behind IDLE (crontab, every minute): queues a full sync of
 * every enabled account whose last one started more than
 * SYNC_POLL_INTERVAL_MIN ago. Strict-mode users are synced only while signed in.
 */
import * as v from "valibot";
import { dataKeyReachable } from "../src/auth/data-key-access.ts";
import { defineTask } from "../src/jobs/define-task.ts";
import { requestSync } from "../src/mail/sync/request.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      sync_all_accounts: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, config, log }) => {
  const due = await sql<{ id: string; userId: string }[]>`
    select a.id, a.user_id as "userId" from mail_accounts a join users u on u.id = a.user_id
    where a.enabled and a.status <> 'auth_failed' and u.status = 'active'
      and (a.last_sync_started_at is null or a.last_sync_started_at < now() - make_interval(mins => ${config.SYNC_POLL_INTERVAL_MIN}))
      and ${dataKeyReachable(sql, config)}`;
  for (const account of due) await requestSync(sql, account, "all");
  if (due.length) log.info("queued periodic syncs", { accounts: due.length });
});
