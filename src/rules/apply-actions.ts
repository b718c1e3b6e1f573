/**
 * What a rule does, done through the action journal and the write-back,
 * like any change a person makes: moves, archive, trash, delete, read and
 * flag marks and copies go to the server as journaled requests (requestedBy "rule"),
 * tags as the tag change with its keyword, snooze as a snooze. All of one
 * message's actions in one run share a batch, so undoing one undoes them
 * all (src/mail/actions/undo.ts), and happen in the caller's transaction,
 * which records the match.
 *
 * set-priority overrides the analysis's levels the way a correction does
 * (the fields become the user's, so no later analysis replaces them) but
 * teaches no model and is not in the journal: an undo leaves it.
 */
import type { TransactionSql } from "postgres";
import { encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { readAnalysis } from "../analysis/analysis-store.ts";
import { analysisBinding, type Analysis } from "../analysis/types.ts";
import { journalMessageAction, type ActionRequest } from "../mail/actions/request.ts";
import { snoozeMessages } from "../mail/actions/snooze.ts";
import { addTag, removeTag } from "../tags/assign.ts";
import type { RuleAction } from "./rule-schema.ts";

export const RULE_REQUESTER = "rule";

export interface AppliedActions {
  /** The journal entries written (server changes), in order. */
  journalIds: string[];
  /** Actions that could not be done (the target folder or tag gone, no copy left), with why. */
  skipped: { action: RuleAction; reason: string }[];
}

const JOURNALED: Partial<Record<RuleAction["type"], ActionRequest["action"]>> = {
  archive: "archive",
  trash: "trash",
  delete: "delete",
  "mark-read": "mark_read",
  "mark-unread": "mark_unread",
  flag: "flag",
  unflag: "unflag",
};

/** The rule's levels on the stored analysis, kept like a correction; false when the message has no analysis yet. */
async function setPriority(tx: TransactionSql, dataKey: SecretKey, userId: string, messageId: string, action: Extract<RuleAction, { type: "set-priority" }>): Promise<boolean> {
  const stored = await readAnalysis(tx, dataKey, userId, messageId, true);
  if (!stored) return false;
  const analysis: Analysis = { ...stored.analysis };
  const fields = (["urgency", "importance"] as const).filter((field) => action[field] !== undefined);
  for (const field of fields) analysis[field] = { value: action[field]!, confidence: 1, reason: { code: "rule" } };
  const corrected = [...new Set([...stored.correctedFields, ...fields])];
  await tx`
    update analyses set urgency = ${analysis.urgency.value}, importance = ${analysis.importance.value}, corrected_fields = ${corrected},
      detail_encrypted = ${encrypt(dataKey, JSON.stringify(analysis), analysisBinding(userId, messageId))}, updated_at = now()
    where message_id = ${messageId} and user_id = ${userId}`;
  return true;
}

/**
 * Does `plan` (./evaluate.ts's order: the disposition last) on one message
 * inside `tx`, in `batchId`.
 *
 * @example await sql.begin((tx) => applyRuleActions(sql, tx, dataKey, userId, messageId, evaluation.plan, crypto.randomUUID()));
 */
export async function applyRuleActions(sql: Sql, tx: TransactionSql, dataKey: SecretKey, userId: string, messageId: string, plan: RuleAction[], batchId: string): Promise<AppliedActions> {
  const applied: AppliedActions = { journalIds: [], skipped: [] };
  const options = { requestedBy: RULE_REQUESTER, batchId };
  for (const action of plan) {
    const journaled = JOURNALED[action.type];
    if (journaled || action.type === "move" || action.type === "copy") {
      const request = (action.type === "move" || action.type === "copy" ? { action: action.type, folderId: action.folderId } : { action: journaled }) as ActionRequest;
      const result = await journalMessageAction(tx, userId, messageId, request, options);
      if (result.ok) applied.journalIds.push(result.journalId);
      else applied.skipped.push({ action, reason: result.reason });
    } else if (action.type === "add-tag" || action.type === "remove-tag") {
      const change =
        action.type === "add-tag"
          ? await addTag(sql, dataKey, userId, action.tagId, [messageId], { source: "rule", tx, batchId })
          : await removeTag(sql, userId, action.tagId, [messageId], { tx, batchId, learn: false });
      if (!change) applied.skipped.push({ action, reason: "tag_gone" });
      else if (change.journalId) applied.journalIds.push(change.journalId);
    } else if (action.type === "snooze") {
      const snoozed = await snoozeMessages(sql, userId, [messageId], new Date(Date.now() + action.hours * 3_600_000), { tx, ...options });
      if (snoozed.journalId) applied.journalIds.push(snoozed.journalId);
    } else if (action.type === "set-priority") {
      if (!(await setPriority(tx, dataKey, userId, messageId, action))) applied.skipped.push({ action, reason: "not_analysed" });
    }
  }
  return applied;
}
