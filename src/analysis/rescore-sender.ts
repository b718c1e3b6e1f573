/**
 * After a correction, the sender's mail already in the box is judged again
 * with what it taught (the sender's labels, the user's model), newest first.
 * Fields the user set stay (writeAnalysis keeps corrections), and so do LLM
 * analyses: they were not made from the local model.
 */
import { reanalyseLocally, type AnalysisContext } from "./analyse-message.ts";

/** More than a sender's recent mail would make one correction a long job; older mail follows the next full rescore. */
export const RESCORE_SENDER_MAX_MESSAGES = 1_000;

export async function rescoreSender(ctx: AnalysisContext, senderHash: Buffer): Promise<number> {
  const messages = await ctx.sql<{ id: string }[]>`
    select m.id from messages m join analyses a on a.message_id = m.id
    where m.user_id = ${ctx.userId} and m.sender_hash = ${senderHash} and a.provider = 'local' and m.orphaned_at is null
    order by m.list_date desc limit ${RESCORE_SENDER_MAX_MESSAGES}`;
  let rescored = 0;
  for (const { id } of messages) {
    ctx.signal?.throwIfAborted();
    if (await reanalyseLocally(ctx, id)) rescored++;
  }
  return rescored;
}
