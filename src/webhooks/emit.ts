/**
 * Events enter here from where they happen (analysis, rules, sync, send):
 * one insert of a pending delivery per matching webhook, and a
 * `deliver_webhook` job per delivery, queued on the same connection (inside
 * the caller's transaction when it passes one). A user without an active
 * hook for the event costs one probe of the partial index
 * `webhooks_user_active` and nothing else.
 *
 * `data` carries ids and stable codes only: the body with the analysis (and
 * the text, where a hook asked for it) is built by the delivery, under the
 * data key, never stored in the clear.
 *
 * @example
 *   await emitWebhookEvent(sql, userId, "sync.failed", { accountId, reason: "auth" });
 */
import type { Queryable } from "../db/connection.ts";
import { addJobs } from "../jobs/add-job.ts";
import type { WebhookEvent } from "./limits.ts";

export type EventData = Record<string, string | number | boolean | null | string[]>;

async function queueDeliveries(sql: Queryable, ids: { id: string }[]): Promise<number> {
  await addJobs(
    sql,
    ids.map(({ id }) => ({ task: "deliver_webhook" as const, payload: { deliveryId: id }, jobKey: `webhook-delivery:${id}` })),
  );
  return ids.length;
}

/** Queues the event for every enabled hook of the user that subscribed to it; returns how many. */
export async function emitWebhookEvent(sql: Queryable, userId: string, type: WebhookEvent, data: EventData): Promise<number> {
  const ids = await sql<{ id: string }[]>`
    insert into webhook_deliveries (webhook_id, user_id, event_type, event_data)
    select id, user_id, ${type}, ${sql.json(data)}
    from webhooks where user_id = ${userId} and enabled and disabled_at is null and ${type} = any(events)
    returning id`;
  return ids.length ? await queueDeliveries(sql, ids) : 0;
}

/** message.analysed, and message.red when the stored analysis is red: one statement for both. */
export async function emitMessageAnalysed(sql: Queryable, userId: string, messageId: string): Promise<number> {
  const ids = await sql<{ id: string }[]>`
    insert into webhook_deliveries (webhook_id, user_id, event_type, event_data)
    select w.id, w.user_id, e.type, ${sql.json({ messageId })}
    from webhooks w cross join unnest(array['message.analysed', 'message.red']) as e(type)
    where w.user_id = ${userId} and w.enabled and w.disabled_at is null and e.type = any(w.events)
      and (e.type <> 'message.red' or exists (select 1 from analyses a where a.message_id = ${messageId} and a.user_id = ${userId} and a.traffic_light = 'red'))
    returning id`;
  return ids.length ? await queueDeliveries(sql, ids) : 0;
}
