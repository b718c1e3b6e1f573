/**
 * The AI pipeline's entry point, one job per new message, added by sync in
 * the same transaction as the message: the local analysis (and, for users
 * with an LLM provider, an LLM pass queued in the "llm" queue).
 *
 * Jobs run at least once: a worker killed after the work but before the job
 * was marked done runs it again elsewhere. The analysis guards itself (a
 * message already analysed is left alone) and `processed_at` is set once, so
 * a second run changes nothing. A strict-mode user who signed out meanwhile:
 * the job fails and is retried with back-off until they sign in again.
 */
import * as v from "valibot";
import { analyseNewMessage } from "../src/analysis/analyse-message.ts";
import { dataKeyForBackgroundWork } from "../src/auth/data-key-access.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ messageId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      process_message: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ messageId }, { sql, keyring, config, signal, log }) => {
  const [message] = await sql<{ userId: string }[]>`select user_id as "userId" from messages where id = ${messageId}`;
  if (!message) return; // deleted meanwhile
  const dataKey = await dataKeyForBackgroundWork(sql, keyring, config, message.userId);
  const outcome = await analyseNewMessage({ sql, dataKey, userId: message.userId, signal }, messageId);
  if (outcome === "gone") return;
  await sql`update messages set process_count = process_count + 1, processed_at = now() where id = ${messageId} and processed_at is null`;
  log.debug("message analysed", { messageId, outcome });
});
