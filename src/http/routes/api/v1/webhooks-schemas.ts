/** Schemas of the webhooks API (src/webhooks/) and how hooks and deliveries become them. */
import { z } from "@hono/zod-openapi";
import type { WebhookDelivery } from "../../../../webhooks/deliveries.ts";
import { MAX_WEBHOOK_NAME_CHARS, MAX_WEBHOOK_URL_CHARS, WEBHOOK_EVENTS } from "../../../../webhooks/limits.ts";
import type { Webhook } from "../../../../webhooks/store.ts";

const EventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .openapi({ example: ["message.red", "sync.failed"], description: "message.analysed, message.red (traffic light red), rule.acted, sync.failed, send.failed" });

export const WebhookSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string().openapi({ example: "Home automation" }),
    url: z.string().openapi({ example: "https://hooks.example.org/mail" }),
    events: EventsSchema,
    includeText: z.boolean().openapi({ description: "Subject, sender and summary in message events; never the message body." }),
    status: z.enum(["active", "paused", "disabled"]).openapi({ description: "`disabled`: repeated failures stopped it; resume with `enabled: true`." }),
    consecutiveFailures: z.number().int(),
    disabledAt: z.string().nullable().openapi({ format: "date-time" }),
    previousSecretUntil: z.string().nullable().openapi({ format: "date-time", description: "After a rotation: the old secret signs too until then." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Webhook");

export const WebhookListSchema = z
  .object({
    webhooks: z.array(WebhookSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last." }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first." }),
  })
  .openapi("WebhookList");
export type WebhookList = z.infer<typeof WebhookListSchema>;

export const WebhookWithSecretSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", description: "Shown this once: the signing secret (Standard Webhooks)." }),
  })
  .openapi("WebhookWithSecret");
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;

export const NewWebhookSchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_WEBHOOK_NAME_CHARS),
    url: z.string().min(1).max(MAX_WEBHOOK_URL_CHARS).openapi({ description: "https; http only to a target the administrator allowed." }),
    events: EventsSchema,
    includeText: z.boolean().default(false),
  })
  .strict()
  .openapi("NewWebhook");

export const WebhookChangeSchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_WEBHOOK_NAME_CHARS).optional(),
    url: z.string().min(1).max(MAX_WEBHOOK_URL_CHARS).optional(),
    events: EventsSchema.optional(),
    includeText: z.boolean().optional(),
    enabled: z.boolean().optional().openapi({ description: "false pauses; true resumes (and re-enables a hook disabled after failures)." }),
  })
  .strict()
  .openapi("WebhookChange");

export const WebhookDeliverySchema = z
  .object({
    id: z.string().uuid().openapi({ description: "The `webhook-id` header of every attempt." }),
    eventType: z.enum(WEBHOOK_EVENTS),
    eventAt: z.string().openapi({ format: "date-time" }),
    status: z.enum(["pending", "retrying", "succeeded", "failed", "skipped"]),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseExcerpt: z.string().nullable().openapi({ description: "At most 256 bytes of a text answer." }),
    errorCode: z.string().nullable().openapi({ description: "timeout, network, refused, dns_failed or redirect when there was no usable answer." }),
    nextAttemptAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("WebhookDelivery");

export const WebhookDeliveryListSchema = z
  .object({
    deliveries: z.array(WebhookDeliverySchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for older deliveries; null on the last page." }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for newer deliveries; null on the first page." }),
  })
  .openapi("WebhookDeliveryList");
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export type WebhookStatus = "active" | "paused" | "disabled";
export const webhookStatus = (hook: Webhook): WebhookStatus => (hook.disabledAt ? "disabled" : hook.enabled ? "active" : "paused");

export const webhookJson = (hook: Webhook) => ({
  id: hook.id,
  name: hook.name,
  url: hook.url,
  events: hook.events,
  includeText: hook.includeText,
  status: webhookStatus(hook),
  consecutiveFailures: hook.consecutiveFailures,
  disabledAt: iso(hook.disabledAt),
  previousSecretUntil: iso(hook.previousSecretUntil),
  createdAt: hook.createdAt.toISOString(),
  updatedAt: hook.updatedAt.toISOString(),
});

export const deliveryJson = (delivery: WebhookDelivery) => ({ ...delivery, eventAt: delivery.eventAt.toISOString(), nextAttemptAt: iso(delivery.nextAttemptAt) });
