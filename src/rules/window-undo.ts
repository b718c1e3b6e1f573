/**
 * "Undo what rules did in the last hour": every rule match of the user in
 * a time window (optionally of one rule) whose server changes are not
 * undone yet is undone through the journal and the write-back, newest
 * first, one message's batch at a time (src/mail/actions/undo.ts), like the
 * undo of one match. A suggestion counts from when it was applied. Each
 * undo marks its match contradicted (./contradictions.ts).
 *
 * Changes still pending on the server are not undone (the undo of what has
 * not happened yet would race it); they are counted, so the answer can say
 * to try again in a moment.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { undoAction } from "../mail/actions/undo.ts";

/** The windows /rules offers: the last hour, day, week. */
export const WINDOW_UNDO_HOURS = [1, 24, 168] as const;

export interface WindowUndoInput {
  since: Date;
  /** Default: now. */
  until?: Date;
  ruleId?: string;
}

export interface WindowUndoResult {
  /** Messages whose rule actions were undone. */
  messages: number;
  /** Server changes undone. */
  undone: number;
  /** Messages whose rule actions were still pending on the server, left as they are. */
  pending: number;
}

/**
 * Undefined when `ruleId` names no rule of the user's.
 *
 * @example await undoRuleWindow(sql, dataKey, userId, { since: new Date(Date.now() - 3_600_000) });
 */
export async function undoRuleWindow(sql: Sql, dataKey: SecretKey, userId: string, input: WindowUndoInput): Promise<WindowUndoResult | undefined> {
  const ruleId = input.ruleId ?? null;
  if (ruleId !== null && (!isUuid(ruleId) || (await sql`select 1 from rules where id = ${ruleId} and user_id = ${userId}`).length === 0)) return undefined;
  const until = input.until ?? new Date();
  const matches = await sql<{ journalId: string; pending: boolean }[]>`
    select m.journal_ids[1] as "journalId",
           exists (select 1 from action_journal j where j.id = any(m.journal_ids) and j.state = 'pending') as pending
    from rule_matches m
    where m.user_id = ${userId} and (${ruleId}::uuid is null or m.rule_id = ${ruleId})
      and coalesce(m.applied_at, m.created_at) >= ${input.since} and coalesce(m.applied_at, m.created_at) <= ${until}
      and exists (select 1 from action_journal j where j.id = any(m.journal_ids) and j.user_id = ${userId} and j.undone_by is null and j.state in ('done', 'pending'))
    order by coalesce(m.applied_at, m.created_at) desc, m.id`;
  const result: WindowUndoResult = { messages: 0, undone: 0, pending: 0 };
  for (const match of matches) {
    if (match.pending) {
      result.pending++;
      continue;
    }
    const undone = await undoAction(sql, dataKey, userId, match.journalId);
    if (!undone.ok) continue;
    result.messages++;
    result.undone += undone.undone;
  }
  return result;
}
