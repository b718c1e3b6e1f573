/**
 * After many corrections (RESCORE_AFTER_CORRECTIONS), the user's recent mail
 * is analysed again by the local analyser with what it learned. LLM
 * analyses and corrected fields stay as they are.
 */
import * as v from "valibot";
import { reanalyseLocally } from "../src/analysis/analyse-message.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      rescore_recent: v.InferInput<typeof RunPayload>;
    }
  }
}

/** The most recent messages re-scored. */
const RESCORE_RECENT_MESSAGES = 500;

export default defineRunTask(async (ctx) => {
  const recent = await ctx.sql<{ id: string }[]>`
    select m.id from messages m join analyses a on a.message_id = m.id
    where m.user_id = ${ctx.userId} and a.provider = 'local' and m.orphaned_at is null
    order by coalesce(m.received_at, m.sent_at, m.created_at) desc limit ${RESCORE_RECENT_MESSAGES}`;
  let rescored = 0;
  for (const { id } of recent) if (await reanalyseLocally(ctx, id)) rescored++;
  return `rescored:${rescored}`;
});
