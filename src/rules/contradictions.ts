/**
 * What the user did against a rule's match, recorded on the match once
 * (rule_matches.contradicted_at, contradiction) for its precision
 * (./precision.ts):
 *
 *   undone      — any undo of one of its journal entries: per match, per
 *                 run, a time window, or the action's own undo;
 *   moved_back  — the message moved out of the folder the rule filed it
 *                 to, here (a move or "to INBOX") or in another mail client
 *                 (seen by a full sync);
 *   corrected   — a level the rule set corrected, or a flag or read mark
 *                 the rule set turned back by the user;
 *   dismissed   — a suggestion dismissed.
 *
 * Moves and corrections count only while the match is young
 * (CONFIRMED_AFTER_DAYS): filing a letter away weeks after a rule flagged it
 * says nothing about the rule. An undo always counts.
 *
 * After recording, an act rule whose precision fell below
 * PRECISION_SWITCH_BELOW is switched to suggest with a notice, by one
 * UPDATE … WHERE mode = 'act': concurrent contradictions switch it once and
 * write one notice.
 */
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { CONFIRMED_AFTER_DAYS, PRECISION_SWITCH_BELOW } from "./limits.ts";
import { rulePrecisions } from "./precision.ts";

export type ContradictionReason = "undone" | "moved_back" | "corrected" | "dismissed";

/** What the switch notice says: of how many judged matches how many were contradicted. */
export interface SwitchNotice {
  judged: number;
  contradicted: number;
}

/** Marks the user's matches contradicted (each once) and returns the rules they belong to. Use inside the transaction of the event. */
export async function markContradicted(q: Queryable, userId: string, matchIds: string[], reason: ContradictionReason): Promise<string[]> {
  const ids = matchIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await q<{ ruleId: string | null }[]>`
    update rule_matches set contradicted_at = now(), contradiction = ${reason}
    where user_id = ${userId} and id = any(${ids}::uuid[]) and contradicted_at is null
    returning rule_id as "ruleId"`;
  return [...new Set(rows.flatMap((row) => (row.ruleId ? [row.ruleId] : [])))];
}

/**
 * Switches each named act rule of the user whose precision is below the
 * threshold to suggest, with its notice; returns the ids switched now.
 * Call after the contradictions are committed, so concurrent events see
 * each other's.
 */
export async function switchImpreciseRules(sql: Sql, userId: string, ruleIds: string[]): Promise<string[]> {
  if (ruleIds.length === 0) return [];
  const precisions = await rulePrecisions(sql, userId, ruleIds, { sinceSwitch: true });
  const switched: string[] = [];
  for (const [ruleId, precision] of precisions) {
    if (precision.value >= PRECISION_SWITCH_BELOW) continue;
    const notice: SwitchNotice = { judged: precision.judged, contradicted: precision.contradicted };
    const rows = await sql`
      update rules set mode = 'suggest', switch_notice = ${sql.json(notice as never)}, switched_at = now(), updated_at = now()
      where id = ${ruleId} and user_id = ${userId} and mode = 'act' returning id`;
    if (rows.length > 0) switched.push(ruleId);
  }
  return switched;
}

/**
 * Records the contradictions and switches rules that fell below the threshold.
 *
 * @example await recordContradictions(sql, userId, [matchId], "dismissed");
 */
export async function recordContradictions(sql: Sql, userId: string, matchIds: string[], reason: ContradictionReason): Promise<{ ruleIds: string[]; switched: string[] }> {
  const ruleIds = await markContradicted(sql, userId, matchIds, reason);
  return { ruleIds, switched: await switchImpreciseRules(sql, userId, ruleIds) };
}

/** The matches whose server changes include one of `journalIds` (an undo claimed them): undone. */
export async function markUndone(q: Queryable, userId: string, journalIds: string[]): Promise<string[]> {
  if (journalIds.length === 0) return [];
  const matches = await q<{ id: string }[]>`
    select id from rule_matches where user_id = ${userId} and journal_ids && ${journalIds}::uuid[] and contradicted_at is null`;
  return await markContradicted(
    q,
    userId,
    matches.map((match) => match.id),
    "undone",
  );
}

/** The rule actions that a user's own action on a message turns back, by the journal's action names. */
const TURNED_BACK_BY: Record<string, { reason: ContradictionReason; ruleActions: string[] }> = {
  move: { reason: "moved_back", ruleActions: ["move", "archive"] },
  inbox: { reason: "moved_back", ruleActions: ["move", "archive"] },
  unflag: { reason: "corrected", ruleActions: ["flag"] },
  flag: { reason: "corrected", ruleActions: ["unflag"] },
  mark_unread: { reason: "corrected", ruleActions: ["mark-read"] },
  mark_read: { reason: "corrected", ruleActions: ["mark-unread"] },
};

/** Young matches on these messages that did (act, or an applied suggestion) one of `ruleActions`. */
async function youngMatchesDoing(q: Queryable, userId: string, messageIds: string[], ruleActions: string[]): Promise<string[]> {
  const rows = await q<{ id: string }[]>`
    select id from rule_matches
    where user_id = ${userId} and message_id = any(${messageIds}::uuid[]) and contradicted_at is null
      and (mode = 'act' or applied_at is not null)
      and created_at > now() - make_interval(days => ${CONFIRMED_AFTER_DAYS})
      and exists (select 1 from jsonb_array_elements(actions) a where a->>'type' = any(${ruleActions}))`;
  return rows.map((row) => row.id);
}

/** A user's own action (journaled, requested by "user") that turns back what a young match did. Inside the action's transaction. */
export async function markTurnedBack(q: Queryable, userId: string, messageId: string, action: string): Promise<string[]> {
  const turned = TURNED_BACK_BY[action];
  if (!turned) return [];
  return await markContradicted(q, userId, await youngMatchesDoing(q, userId, [messageId], turned.ruleActions), turned.reason);
}

/** A correction of urgency or importance on a message whose young match set it. */
export async function markLevelsCorrected(sql: Sql, userId: string, messageId: string): Promise<string[]> {
  return await markContradicted(sql, userId, await youngMatchesDoing(sql, userId, [messageId], ["set-priority"]), "corrected");
}

/**
 * After a full sync: young act matches whose move is done on the server
 * but whose message is no longer in the folder the move filed it to (while
 * still in another folder: deleting is not moving back) were moved back by
 * the user, here or in another mail client.
 */
export async function markMovedBackBySync(sql: Sql, userId: string, accountId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select m.id from rule_matches m
    join action_journal j on j.id = any(m.journal_ids) and j.action in ('move', 'archive') and j.state = 'done' and j.undone_by is null
    where m.user_id = ${userId} and j.account_id = ${accountId} and m.contradicted_at is null
      and (m.mode = 'act' or m.applied_at is not null)
      and m.created_at > now() - make_interval(days => ${CONFIRMED_AFTER_DAYS})
      and jsonb_array_length(coalesce(j.after, '[]')) > 0
      and exists (select 1 from message_copies c where c.message_id = m.message_id)
      and not exists (
        select 1 from message_copies c
        join jsonb_to_recordset(coalesce(j.after, '[]')) as a("folderId" uuid) on a."folderId" = c.folder_id
        where c.message_id = m.message_id)`;
  return await markContradicted(
    sql,
    userId,
    rows.map((row) => row.id),
    "moved_back",
  );
}
