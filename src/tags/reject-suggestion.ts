/** "Not this" on a suggested tag: negative feedback, and the tag is not suggested for that message again (src/analysis/tag-feedback.ts). */
import { recordTagFeedback } from "../analysis/tag-feedback.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";

/** False when the tag or the message is not the user's. */
export async function rejectSuggestion(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, tagId: string): Promise<boolean> {
  const [owned] = await sql`
    select 1 from tags t, messages m where t.id = ${tagId} and t.user_id = ${userId} and m.id = ${messageId} and m.user_id = ${userId}`;
  if (!owned) return false;
  await recordTagFeedback(sql, dataKey, userId, messageId, tagId, "rejected");
  return true;
}
