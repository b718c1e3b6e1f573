/**
 * "Erinnern in …" on the waiting page: the sent message is snoozed until
 * the chosen time through the existing snooze (src/mail/actions/snooze.ts),
 * so it comes back to the open list then, like any snoozed message, with
 * the same choices the snooze menu offers and the same undo.
 */
import type { Sql } from "../../db/connection.ts";
import { isOwnMessage } from "../../inbox/message.ts";
import { snoozeMessages } from "../actions/snooze.ts";
import { resolveSnooze, type SnoozeChoice } from "../actions/snooze-choice.ts";

export type RemindResult = { ok: true; until: Date; journalId: string | null } | { ok: false; reason: "not_found" | "bad_time" };

/**
 * @example await remindWaiting(sql, user.id, messageId, "tomorrow", undefined, new Date(), "Europe/Berlin")
 */
export async function remindWaiting(sql: Sql, userId: string, messageId: string, choice: SnoozeChoice, at: string | undefined, now: Date, timeZone: string): Promise<RemindResult> {
  if (!(await isOwnMessage(sql, userId, messageId))) return { ok: false, reason: "not_found" };
  const until = resolveSnooze(choice, at, now, timeZone);
  if (!until) return { ok: false, reason: "bad_time" };
  const { owned, journalId } = await snoozeMessages(sql, userId, [messageId], until);
  if (owned === 0) return { ok: false, reason: "not_found" };
  return { ok: true, until, journalId };
}
