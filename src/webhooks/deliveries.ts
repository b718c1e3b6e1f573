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

/** event_at to the microsecond (a Date keeps milliseconds) and id, opaque to clients. */
const cursorOf = (row: Row) => Buffer.from(`${row.cursorAt}|${row.id}`).toString("base64url");
function readCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!at || !id || !isUuid(id) || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(at)) throw new InvalidCursorError("invalid cursor");
  return { at, id };
}

type Row = WebhookDelivery & { cursorAt: string };

/**
 * Scoped by the owner: another user's hook id lists nothing (callers answer 404 for it first).
 * @throws InvalidCursorError
 */
export async function listDeliveries(sql: Sql, userId: string, webhookId: string, page: { after?: string; before?: string; limit?: number } = {}): Promise<DeliveryPage> {
  const limit = page.limit ?? RECENT_DELIVERIES;
  const backwards = page.before !== undefined;
  const cursor = page.after ?? page.before;
  const at = cursor === undefined ? undefined : readCursor(cursor);
  const rows = await sql<Row[]>`
    select id, event_type as "eventType", event_at as "eventAt", status, attempts, response_status as "responseStatus",
           response_excerpt as "responseExcerpt", error_code as "errorCode", next_attempt_at as "nextAttemptAt", event_at::text as "cursorAt"
    from webhook_deliveries where webhook_id = ${webhookId} and user_id = ${userId}
      ${at ? (backwards ? sql`and (event_at, id) > (${at.at}::text::timestamptz, ${at.id}::uuid)` : sql`and (event_at, id) < (${at.at}::text::timestamptz, ${at.id}::uuid)`) : sql``}
    order by event_at ${backwards ? sql`asc` : sql`desc`}, id ${backwards ? sql`asc` : sql`desc`}
    limit ${limit + 1}`;
  const more = rows.length > limit;
  const rowsOfPage = rows.slice(0, limit);
  if (backwards) rowsOfPage.reverse();
  const first = rowsOfPage[0];
  const last = rowsOfPage.at(-1);
  const hasNext = backwards || more;
  const hasPrevious = backwards ? more : at !== undefined;
  return {
    deliveries: rowsOfPage.map(({ cursorAt: _, ...delivery }) => delivery),
    next: hasNext && last ? cursorOf(last) : null,
    previous: hasPrevious && first ? cursorOf(first) : null,
  };
}
