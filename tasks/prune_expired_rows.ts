/**
 * Periodic maintenance (see `crontab`): deletes rows whose life is over.
 * Expired sessions go first: in strict mode they hold a user's data key,
 * which must not outlive the session by more than a few minutes.
 */
import * as v from "valibot";
import { pruneExpiredSessions } from "../src/auth/sessions.ts";
import { pruneThrottle } from "../src/auth/throttle.ts";
import { pruneTrustedDevices } from "../src/auth/trusted-devices.ts";
import { defineTask } from "../src/jobs/define-task.ts";
import { reapDeadWorkers } from "../src/jobs/heartbeat.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      prune_expired_rows: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, config, log }) => {
  const sessions = await pruneExpiredSessions(sql, config);
  const throttle = await pruneThrottle(sql);
  const trustedDevices = await pruneTrustedDevices(sql);
  // The heartbeat's own rule (dead after DEAD_WORKER_S, their jobs unlocked), not a second, different one.
  const heartbeats = await reapDeadWorkers(sql, log);
  log.info("pruned expired rows", { sessions, throttle, trustedDevices, heartbeats });
});
