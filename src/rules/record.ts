/**
 * One message's evaluation made real, in one transaction: the matches are
 * recorded in the run (rule_matches), and the act rules' plan is done
 * (./apply-actions.ts) in one batch for the message, whose journal ids the
 * act matches keep. Suggest rules record their actions for one click
 * later (./suggestions.ts); shadow rules record only.
 *
 * Idempotent: a match already recorded for (run, rule, message) is not
 * recorded or done again, so a retried job or a resumed run skips it.
 */
import type { TransactionSql } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { applyRuleActions } from "./apply-actions.ts";
import type { Evaluation } from "./evaluate.ts";
import { emitWebhookEvent } from "../webhooks/emit.ts";

export interface Recorded {
  /** Rules that matched and were recorded now. */
  matched: number;
  /** Server writes the act rules journaled. */
  journalIds: string[];
}

export async function recordEvaluation(sql: Sql, tx: TransactionSql, dataKey: SecretKey, userId: string, runId: string, messageId: string, evaluation: Evaluation): Promise<Recorded> {
  const matches = evaluation.outcomes.filter((outcome) => outcome.matched);
  if (matches.length === 0) return { matched: 0, journalIds: [] };
  const batchId = crypto.randomUUID();
  const inserted = await tx<{ id: string; mode: string }[]>`
    insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions, batch_id)
    select ${userId}, ${runId}, m.rule_id, ${messageId}, m.mode, m.why, m.actions, case when m.mode = 'act' then ${batchId}::uuid end
    from jsonb_to_recordset(${tx.json(matches.map((match) => ({ rule_id: match.ruleId, mode: match.mode, why: match.why, actions: match.actions })) as never)})
      as m(rule_id uuid, mode text, why jsonb, actions jsonb)
    on conflict (run_id, rule_id, message_id) do nothing
    returning id, mode`;
  // A retry finds the act matches recorded: their actions were done in that same transaction.
  const actNow = inserted.filter((row) => row.mode === "act");
  if (actNow.length === 0 || evaluation.plan.length === 0) return { matched: inserted.length, journalIds: [] };
  const applied = await applyRuleActions(sql, tx, dataKey, userId, messageId, evaluation.plan, batchId);
  await tx`update rule_matches set journal_ids = ${applied.journalIds}::uuid[] where id = any(${actNow.map((row) => row.id)}::uuid[])`;
  await emitWebhookEvent(tx, userId, "rule.acted", { messageId, runId, ruleIds: matches.filter((match) => match.mode === "act").map((match) => match.ruleId), journalIds: applied.journalIds });
  return { matched: inserted.length, journalIds: applied.journalIds };
}
