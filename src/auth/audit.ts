/** Security events: one JSON log line each, and a row administrators can read. */
import type { Queryable } from "../db/connection.ts";
import type { Logger } from "../log.ts";

export type AuditEvent =
  | "user.created"
  | "user.disabled"
  | "user.enabled"
  | "user.deleted"
  | "user.password_reset_by_admin"
  | "user.password_changed"
  | "user.key_mode_changed"
  | "user.second_factor_enabled"
  | "user.recovery_codes_regenerated"
  | "user.recovery_code_used"
  | "invitation.created"
  | "invitation.revoked"
  | "master_key.rotated"
  | "outbound.allowed_targets_changed";

export async function audit(
  sql: Queryable,
  log: Logger,
  event: AuditEvent,
  who: { actorId?: string | null; subjectId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await sql`
    insert into audit_events (actor_id, subject_id, event, detail)
    values (${who.actorId ?? null}, ${who.subjectId ?? null}, ${event}, ${sql.json((who.detail ?? {}) as never)})`;
  log.info("audit", { event, actorId: who.actorId, subjectId: who.subjectId, ...who.detail });
}
