/** The recent deliveries of one of the user's hooks, newest first, for the page and the API. */
import type { Sql } from "../db/connection.ts";
import { RECENT_DELIVERIES, type WebhookEvent } from "./limits.ts";

export interface WebhookDelivery {
  id: string;
  eventType: WebhookEvent;
  eventAt: Date;
  status: "pending" | "retrying" | "succeeded" | "failed" | "skipped";
  attempts: number;
  responseStatus: number | null;
  responseExcerpt: string | null;
  errorCode: string | null;
  nextAttemptAt: Date | null;
}

/** Scoped by the owner: another user's hook id lists nothing (the caller has already answered 404 for it). */
export async function listDeliveries(sql: Sql, userId: string, webhookId: string, limit = RECENT_DELIVERIES): Promise<WebhookDelivery[]> {
  return await sql<WebhookDelivery[]>`
    select id, event_type as "eventType", event_at as "eventAt", status, attempts, response_status as "responseStatus",
           response_excerpt as "responseExcerpt", error_code as "errorCode", next_attempt_at as "nextAttemptAt"
    from webhook_deliveries where webhook_id = ${webhookId} and user_id = ${userId}
    order by event_at desc, id desc limit ${limit}`;
}
