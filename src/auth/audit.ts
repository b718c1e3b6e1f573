/** Security events: one JSON log line each, and a row administrators can read. */
import type { Queryable } from "../db/connection.ts";
import type { Logger } from "../log.ts";

/** Every event the app records (the audit API filters by them). */
export const AUDIT_EVENTS = [
  "user.created",
  "user.disabled",
  "user.enabled",
  "user.deleted",
  "user.password_reset_by_admin",
  "user.role_changed",
  "user.password_changed",
  "user.key_mode_changed",
  "user.second_factor_enabled",
  "user.recovery_codes_regenerated",
  "user.recovery_code_used",
  "invitation.created",
  "invitation.revoked",
  "master_key.rotated",
  "outbound.allowed_targets_changed",
  "api_token.created",
  "api_token.revoked",
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

export async function audit(sql: Queryable, log: Logger, event: AuditEvent, who: { actorId?: string | null; subjectId?: string | null; detail?: Record<string, unknown> }): Promise<void> {
  await sql`
    insert into audit_events (actor_id, subject_id, event, detail)
    values (${who.actorId ?? null}, ${who.subjectId ?? null}, ${event}, ${sql.json((who.detail ?? {}) as never)})`;
  log.info("audit", { event, actorId: who.actorId, subjectId: who.subjectId, ...who.detail });
}

/** An event as the administrators' log shows it: who by their email (null once the user is deleted). */
export interface AuditEntry {
  at: Date;
  event: string;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** The log page shows the newest events only: enough to see what happened lately. */
const AUDIT_PAGE_SIZE = 200;

export async function recentAuditEvents(sql: Queryable): Promise<AuditEntry[]> {
  return await sql<AuditEntry[]>`
    select e.at, e.event, actor.email as actor, subject.email as subject, e.detail
    from audit_events e
    left join users actor on actor.id = e.actor_id
    left join users subject on subject.id = e.subject_id
    order by e.at desc limit ${AUDIT_PAGE_SIZE}`;
}
