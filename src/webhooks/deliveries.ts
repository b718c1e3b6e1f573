/**
 * The deliveries of one of the user's hooks, newest first, keyset-paginated
 * (the page shows the first RECENT_DELIVERIES; the API pages further).
 */
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { RECENT_DELIVERIES, type WebhookEvent } from "./limits.ts";
import { InvalidCursorError } from "./store.ts";

export interface WebhookDelivery {
  /** Also the `webhook-id` header of every attempt. */
  id: string;
  eventType: WebhookEvent;
  eventAt: Date;
  status: "pending" | "retrying" | "succeeded" | "failed" | "skipped";
  attempts: number;
  responseStatus: number | null;
  responseExcerpt: string | null;
  /** timeout, network, refused, dns_failed, redirect; null when the receiver answered (see responseStatus). */
  errorCode: string | null;
  nextAttemptAt: Date | null;
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  next: string | null;
  previous: string | null;
}

const cursorOf = (delivery: WebhookDelivery) => Buffer.from(`${delivery.eventAt.toISOString()}|${delivery.id}`).toString("base64url");
function readCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || !isUuid(id) || Number.isNaN(date.getTime())) throw new InvalidCursorError("invalid cursor");
  return { at: date, id };
}

/**
 * Scoped by the owner: another user's hook id lists nothing (callers answer 404 for it first).
 * @throws InvalidCursorError
 */
export async function listDeliveries(sql: Sql, userId: string, webhookId: string, page: { after?: string; before?: string; limit?: number } = {}): Promise<DeliveryPage> {
  const limit = page.limit ?? RECENT_DELIVERIES;
  const backwards = page.before !== undefined;
  const cursor = page.after ?? page.before;
  const at = cursor === undefined ? undefined : readCursor(cursor);
  const rows = await sql<WebhookDelivery[]>`
    select id, event_type as "eventType", event_at as "eventAt", status, attempts, response_status as "responseStatus",
           response_excerpt as "responseExcerpt", error_code as "errorCode", next_attempt_at as "nextAttemptAt"
    from webhook_deliveries where webhook_id = ${webhookId} and user_id = ${userId}
      ${at ? (backwards ? sql`and (event_at, id) > (${at.at}, ${at.id}::uuid)` : sql`and (event_at, id) < (${at.at}, ${at.id}::uuid)`) : sql``}
    order by event_at ${backwards ? sql`asc` : sql`desc`}, id ${backwards ? sql`asc` : sql`desc`}
    limit ${limit + 1}`;
  const more = rows.length > limit;
  const deliveries = rows.slice(0, limit);
  if (backwards) deliveries.reverse();
  const first = deliveries[0];
  const last = deliveries.at(-1);
  const hasNext = backwards || more;
  const hasPrevious = backwards ? more : at !== undefined;
  return { deliveries, next: hasNext && last ? cursorOf(last) : null, previous: hasPrevious && first ? cursorOf(first) : null };
}
