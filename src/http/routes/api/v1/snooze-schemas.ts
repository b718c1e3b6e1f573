/**
 * The snooze body the JSON API takes (a message's snooze, a waiting message's reminder): the page's choices, or an
 * exact instant; and the snooze of one message both routes carry out with it.
 */
import { z } from "@hono/zod-openapi";
import type { Sql } from "../../../../db/connection.ts";
import { isOwnMessage } from "../../../../inbox/message.ts";
import { snoozeMessages } from "../../../../mail/actions/snooze.ts";
import { SERVER_TIME_ZONE } from "../../../../time-zone.ts";
import { resolveSnooze, SNOOZE_CHOICES } from "../../../../mail/actions/snooze-choice.ts";
import { AppError } from "../../../errors.ts";

export const SnoozeBodySchema = z
  .object({
    until: z.enum([...SNOOZE_CHOICES, "clear"]).openapi({
      description: "later, tomorrow, nextweek: the snooze menu's choices in your time zone; at: the instant in `at`; clear: no snooze (back now)",
    }),
    at: z.string().datetime({ offset: true }).optional().openapi({ description: "For `at`: an ISO 8601 instant in the future", example: "2026-12-08T09:00:00+01:00" }),
  })
  .openapi("SnoozeRequest", { example: { until: "tomorrow" } });
export type SnoozeBody = z.infer<typeof SnoozeBodySchema>;

export const SnoozedSchema = z
  .object({
    until: z.string().nullable().openapi({ format: "date-time", description: "When it comes back; null after `clear`" }),
    actionId: z.string().uuid().nullable().openapi({ description: "The journaled server action, for GET /api/v1/actions/{actionId} and its undo; null when none was needed" }),
  })
  .openapi("Snoozed");

/** The instant a body names in the user's time zone, null for `clear`; a past or missing time answers 400. */
export function snoozeUntil(body: SnoozeBody, now: Date, timeZone: string): Date | null {
  if (body.until === "clear") return null;
  if (body.until === "at") {
    const at = body.at ? new Date(body.at) : undefined;
    if (!at || Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) throw new AppError("BAD_REQUEST", "at: an ISO time in the future");
    return at;
  }
  const until = resolveSnooze(body.until, undefined, now, timeZone);
  if (!until) throw new AppError("BAD_REQUEST", "until: that choice names no time now");
  return until;
}

/** Snoozes one of the user's messages as the body says; another user's message answers 404 whatever the body says. */
export async function snoozeOwnMessage(sql: Sql, user: { id: string; timeZone?: string | null }, messageId: string, body: SnoozeBody): Promise<z.infer<typeof SnoozedSchema>> {
  if (!(await isOwnMessage(sql, user.id, messageId))) throw new AppError("NOT_FOUND", "no such message");
  const until = snoozeUntil(body, new Date(), user.timeZone ?? SERVER_TIME_ZONE);
  const { owned, journalId } = await snoozeMessages(sql, user.id, [messageId], until);
  if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
  return { until: until?.toISOString() ?? null, actionId: journalId };
}
