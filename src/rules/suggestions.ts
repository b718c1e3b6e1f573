/**
 * A suggest-mode rule's match, applied with one click: its recorded
 * actions are done then, through the journal like an act rule's (./apply-actions.ts),
 * in a batch of their own, and the match remembers them, so an undo takes
 * them back and a second click does nothing.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { applyRuleActions } from "./apply-actions.ts";
import type { RuleAction } from "./rule-schema.ts";

export type ApplySuggestionResult = { ok: true; journalIds: string[] } | { ok: false; reason: "not_found" | "already_applied" };

const DISPOSITIONS = new Set<RuleAction["type"]>(["move", "archive", "trash", "delete"]);

export async function applySuggestion(sql: Sql, dataKey: SecretKey, userId: string, matchId: string): Promise<ApplySuggestionResult> {
  if (!isUuid(matchId)) return { ok: false, reason: "not_found" };
  return await sql.begin(async (tx) => {
    const [match] = await tx<{ messageId: string; actions: RuleAction[]; appliedAt: Date | null }[]>`
      select message_id as "messageId", actions, applied_at as "appliedAt" from rule_matches
      where id = ${matchId} and user_id = ${userId} and mode = 'suggest' for update`;
    if (!match) return { ok: false, reason: "not_found" } as const;
    if (match.appliedAt) return { ok: false, reason: "already_applied" } as const;
    // As the evaluator orders them: flags and tags before the message leaves its folder.
    const plan = [...match.actions.filter((action) => !DISPOSITIONS.has(action.type)), ...match.actions.filter((action) => DISPOSITIONS.has(action.type)).slice(0, 1)];
    const batchId = crypto.randomUUID();
    const applied = await applyRuleActions(sql, tx, dataKey, userId, match.messageId, plan, batchId);
    await tx`update rule_matches set applied_at = now(), batch_id = ${batchId}, journal_ids = ${applied.journalIds}::uuid[] where id = ${matchId}`;
    return { ok: true, journalIds: applied.journalIds } as const;
  });
}
