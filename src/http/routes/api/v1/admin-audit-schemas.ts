/** Schemas of the audit log API for administrators. */
import { z } from "@hono/zod-openapi";
import type { AuditRecord } from "../../../../auth/admin-lists.ts";
import { AUDIT_EVENTS } from "../../../../auth/audit.ts";
import { pageCursors, PageQuerySchema } from "./admin-schemas.ts";

export const AuditQuerySchema = PageQuerySchema.extend({
  event: z
    .enum(AUDIT_EVENTS)
    .optional()
    .openapi({ param: { name: "event", in: "query" }, description: "Only events of this kind" }),
  userId: z
    .string()
    .uuid()
    .optional()
    .openapi({ param: { name: "userId", in: "query" }, description: "Only events this user did or that were done to them" }),
});

export const AuditEventSchema = z
  .object({
    id: z.string().openapi({ description: "Events are numbered in the order they were written." }),
    at: z.string().openapi({ format: "date-time" }),
    event: z.string().openapi({ description: "One of the `event` filter's values (or one a newer version records)", example: "user.disabled" }),
    actorId: z.string().uuid().nullable().openapi({ description: "Who did it; null for the system or a user deleted since" }),
    actor: z.string().nullable().openapi({ description: "Their email" }),
    subjectId: z.string().uuid().nullable().openapi({ description: "To whom; null when it concerned no user or one deleted since" }),
    subject: z.string().nullable().openapi({ description: "Their email" }),
    detail: z.record(z.string(), z.unknown()).openapi({ description: "What the event records besides: ids, counts, a mode; never secrets" }),
  })
  .openapi("AuditEvent");

export const AuditEventListSchema = z.object({ events: z.array(AuditEventSchema), ...pageCursors }).openapi("AuditEventList");
export type AuditEventList = z.infer<typeof AuditEventListSchema>;

export const auditEventJson = (record: AuditRecord): z.infer<typeof AuditEventSchema> => ({ ...record, at: record.at.toISOString() });
