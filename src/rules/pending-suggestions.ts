/**
 * Suggestions still open: suggest-mode matches the user has neither applied
 * nor dismissed, with what the UI says about them (the rule's name, the
 * message's subject, the name of the folder a move would file it into).
 * One query whatever the number of messages, scoped to the user; the
 * message page, the list's chips and /rules/suggestions read them here.
 *
 * Dismissing one marks it, so it is not offered again; applying it is
 * ./suggestions.ts.
 */
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";
import { recordContradictions } from "./contradictions.ts";
import { PENDING_SUGGESTIONS_LISTED } from "./limits.ts";
import type { RuleAction } from "./rule-schema.ts";

export interface PendingSuggestion {
  id: string;
  ruleId: string | null;
  /** Null once the rule was deleted. */
  ruleName: string | null;
  messageId: string;
  /** Null where the message's summary cannot be read. */
  subject: string | null;
  actions: RuleAction[];
  /** The folder a move action names, when it has one: its name and role as the folder list shows them. */
  moveFolder: { name: string; specialUse: string | null } | null;
  createdAt: Date;
}

interface Row {
  id: string;
  ruleId: string | null;
  ruleName: Uint8Array | null;
  messageId: string;
  actions: RuleAction[];
  folderName: string | null;
  folderSpecialUse: string | null;
  createdAt: Date;
  summary: Uint8Array | null;
  legacy: boolean | null;
}

/**
 * The user's open suggestions: for the given messages, or (without
 * `messageIds`) all of them, newest first, at most PENDING_SUGGESTIONS_LISTED
 * (or `limit`), those after the `afterId` suggestion in that order (keyset;
 * an `afterId` that is not the user's suggestion finds nothing).
 *
 * @example
 *   const byMessage = await pendingSuggestions(sql, dataKey, userId, { messageIds: page.map((m) => m.id) });
 */
export async function pendingSuggestions(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  filter: { messageIds?: string[]; ruleId?: string; afterId?: string; limit?: number } = {},
): Promise<PendingSuggestion[]> {
  const messageIds = filter.messageIds?.filter(isUuid) ?? null;
  if (messageIds !== null && messageIds.length === 0) return [];
  const ruleId = filter.ruleId !== undefined && isUuid(filter.ruleId) ? filter.ruleId : null;
  if (filter.ruleId !== undefined && ruleId === null) return [];
  const afterId = filter.afterId ?? null;
  if (afterId !== null && !isUuid(afterId)) return [];
  const rows = await sql<Row[]>`
    select rm.id, rm.rule_id as "ruleId", r.name_encrypted as "ruleName", rm.message_id as "messageId", rm.actions, rm.created_at as "createdAt",
           f.name as "folderName", f.special_use as "folderSpecialUse", ${summaryColumns(sql)}
    from rule_matches rm
    join messages m on m.id = rm.message_id and m.user_id = ${userId}
    left join rules r on r.id = rm.rule_id and r.user_id = ${userId}
    left join folders f on f.user_id = ${userId}
      and f.id = (select (a->>'folderId')::uuid from jsonb_array_elements(rm.actions) a where a->>'type' = 'move' limit 1)
    where rm.user_id = ${userId} and rm.mode = 'suggest' and rm.applied_at is null and rm.dismissed_at is null
      and (${messageIds}::uuid[] is null or rm.message_id = any(${messageIds}::uuid[]))
      and (${ruleId}::uuid is null or rm.rule_id = ${ruleId})
      ${
        afterId
          ? sql`and exists (select 1 from rule_matches c where c.id = ${afterId} and c.user_id = ${userId}
                             and (rm.created_at < c.created_at or (rm.created_at = c.created_at and rm.id > c.id)))`
          : sql``
      }
    order by rm.created_at desc, rm.id
    limit ${Math.min(filter.limit ?? PENDING_SUGGESTIONS_LISTED, PENDING_SUGGESTIONS_LISTED)}`;
  return rows.map((row) => ({
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleId && row.ruleName ? decryptText(dataKey, row.ruleName, { owner: userId, purpose: `rule-name:${row.ruleId}` }) : null,
    messageId: row.messageId,
    subject: row.summary ? (readSummary(dataKey, userId, row.messageId, { summary: row.summary, legacy: Boolean(row.legacy) })?.subject ?? null) : null,
    actions: row.actions,
    moveFolder: row.folderName === null ? null : { name: row.folderName, specialUse: row.folderSpecialUse },
    createdAt: row.createdAt,
  }));
}

/** Dismisses an open suggestion of the user's: not offered again. False for another user's, an applied or an unknown one. */
export async function dismissSuggestion(sql: Sql, userId: string, matchId: string): Promise<boolean> {
  if (!isUuid(matchId)) return false;
  const rows = await sql`
    update rule_matches set dismissed_at = now()
    where id = ${matchId} and user_id = ${userId} and mode = 'suggest' and applied_at is null and dismissed_at is null returning id`;
  if (rows.length === 0) return false;
  // A dismissed suggestion is a miss for the rule's precision.
  await recordContradictions(sql, userId, [matchId], "dismissed");
  return true;
}

/** The message a suggestion of the user's is about (any state), or undefined for another user's. */
export async function suggestionMessage(sql: Sql, userId: string, matchId: string): Promise<{ messageId: string; appliedAt: Date | null; dismissedAt: Date | null } | undefined> {
  if (!isUuid(matchId)) return undefined;
  const [row] = await sql<{ messageId: string; appliedAt: Date | null; dismissedAt: Date | null }[]>`
    select message_id as "messageId", applied_at as "appliedAt", dismissed_at as "dismissedAt" from rule_matches where id = ${matchId} and user_id = ${userId} and mode = 'suggest'`;
  return row;
}
