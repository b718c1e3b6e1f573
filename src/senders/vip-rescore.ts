/**
 * A VIP entry added or removed changes how the mail it covers is judged, so
 * that mail already in the box is judged again, with the runs corrections
 * use (src/analysis/runs.ts). An address has its own run: messages keep the
 * sender's pattern hash, so its recent mail is found directly. A domain
 * cannot be found that way (the hash is of the whole address), so the
 * user's most recent mail is re-scored instead, which covers what they are
 * likely to look at.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";
import { queueRun, queueSenderRescore } from "../analysis/runs.ts";
import { senderHash } from "../analysis/sender-patterns.ts";
import type { VipSenderKind } from "./vip-value.ts";

/** `value` in its keyed spelling (./vip-value.ts). */
export async function rescoreVipSenderMail(sql: Queryable, dataKey: SecretKey, userId: string, kind: VipSenderKind, value: string): Promise<void> {
  if (kind === "address") return await queueSenderRescore(sql, userId, senderHash(dataKey, value));
  // One waiting rescore of the recent mail is enough, however many domains are added before it starts.
  const [waiting] = await sql`select 1 from analysis_runs where user_id = ${userId} and kind = 'rescore' and state = 'queued'`;
  if (!waiting) await queueRun(sql, userId, null, "rescore");
}
