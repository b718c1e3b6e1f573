/**
 * The administration lists as keyset pages (./keyset-page.ts), for the JSON
 * API: every user (oldest account first, as /admin/users lists them), the
 * sign-up invitations and the audit log (newest first, as their pages list
 * them). Administrators only: the routes check the role before calling.
 */
import type { Queryable } from "../db/connection.ts";
import type { AuditEvent } from "./audit.ts";
import type { Invitation } from "./invitations.ts";
import { decodePageCursor, encodePageCursor, keysetPage, type KeysetPage, type PagePosition } from "./keyset-page.ts";
import { USER_COLUMNS, type User } from "./users.ts";

/** A row's time in microseconds since 1970 (a Date drops the last three digits, and the cursor must not) and its id. */
const TIME_ID_CURSOR = /^(\d{1,17})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const micros = (sql: Queryable, column: string) => sql`(extract(epoch from ${sql.unsafe(column)}) * 1000000)::int8::text`;
const fromMicros = (sql: Queryable, value: string) => sql`('epoch'::timestamptz + ${value}::int8 * interval '1 microsecond')`;
const timeIdCursor = (row: { micros: string; id: string }) => encodePageCursor(`${row.micros}.${row.id}`);

function decodeTimeId(position: PagePosition) {
  if (!position) return undefined;
  const match = decodePageCursor("after" in position ? position.after : position.before, TIME_ID_CURSOR);
  return { micros: match[1]!, id: match[2]!, backwards: "before" in position };
}

/** Every user, oldest account first. */
export async function usersPage(sql: Queryable, position: PagePosition, size: number): Promise<KeysetPage<User>> {
  const cursor = decodeTimeId(position);
  // Accounts being deleted (src/auth/delete-user.ts) are gone for everyone already.
  const where = !cursor
    ? sql`where erased_at is null`
    : cursor.backwards
      ? sql`where erased_at is null and (created_at, id) < (${fromMicros(sql, cursor.micros)}, ${cursor.id}::uuid)`
      : sql`where erased_at is null and (created_at, id) > (${fromMicros(sql, cursor.micros)}, ${cursor.id}::uuid)`;
  const order = cursor?.backwards ? sql`created_at desc, id desc` : sql`created_at, id`;
  const rows = await sql<(User & { micros: string })[]>`
    select ${USER_COLUMNS(sql)}, ${micros(sql, "created_at")} as micros from users ${where} order by ${order} limit ${size + 1}`;
  const page = keysetPage(rows, size, position, timeIdCursor);
  return { ...page, rows: page.rows.map(({ micros: _, ...user }) => user) };
}

/** Sign-up invitations, newest first (password-reset links belong to their user's row, not this list). */
export async function invitationsPage(sql: Queryable, position: PagePosition, size: number): Promise<KeysetPage<Invitation>> {
  const cursor = decodeTimeId(position);
  const where = !cursor
    ? sql``
    : cursor.backwards
      ? sql`and (created_at, id) > (${fromMicros(sql, cursor.micros)}, ${cursor.id}::uuid)`
      : sql`and (created_at, id) < (${fromMicros(sql, cursor.micros)}, ${cursor.id}::uuid)`;
  const order = cursor?.backwards ? sql`created_at, id` : sql`created_at desc, id desc`;
  const rows = await sql<(Invitation & { micros: string })[]>`
    select id, kind, email, role, user_id as "userId", created_at as "createdAt", expires_at as "expiresAt",
           used_at as "usedAt", revoked_at as "revokedAt", ${micros(sql, "created_at")} as micros
    from invitations where kind = 'signup' ${where} order by ${order} limit ${size + 1}`;
  const page = keysetPage(rows, size, position, timeIdCursor);
  return { ...page, rows: page.rows.map(({ micros: _, ...invitation }) => invitation) };
}

/** One sign-up invitation by id, whatever its state. */
export async function findSignupInvitation(sql: Queryable, id: string): Promise<Invitation | undefined> {
  const [row] = await sql<Invitation[]>`
    select id, kind, email, role, user_id as "userId", created_at as "createdAt", expires_at as "expiresAt", used_at as "usedAt", revoked_at as "revokedAt"
    from invitations where id = ${id}::uuid and kind = 'signup'`;
  return row;
}

/** An audit log entry with the ids of who acted and on whom (null once that user is deleted) and their emails. */
export interface AuditRecord {
  id: string;
  at: Date;
  event: string;
  actorId: string | null;
  actor: string | null;
  subjectId: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  event?: AuditEvent;
  /** Events this user did or that were done to them. */
  userId?: string;
}

/** The audit log, newest first; the events are numbered in the order they were written, which is the key. */
export async function auditPage(sql: Queryable, filter: AuditFilter, position: PagePosition, size: number): Promise<KeysetPage<AuditRecord>> {
  const cursor = position ? decodePageCursor("after" in position ? position.after : position.before, /^(\d{1,18})$/)[1]! : undefined;
  const backwards = position !== undefined && "before" in position;
  const conditions = [
    filter.event ? sql`e.event = ${filter.event}` : sql`true`,
    filter.userId ? sql`(e.actor_id = ${filter.userId}::uuid or e.subject_id = ${filter.userId}::uuid)` : sql`true`,
    cursor === undefined ? sql`true` : backwards ? sql`e.id > ${cursor}::int8` : sql`e.id < ${cursor}::int8`,
  ];
  const rows = await sql<AuditRecord[]>`
    select e.id::text as id, e.at, e.event, e.actor_id as "actorId", actor.email as actor, e.subject_id as "subjectId", subject.email as subject, e.detail
    from audit_events e
    left join users actor on actor.id = e.actor_id
    left join users subject on subject.id = e.subject_id
    where ${conditions[0]!} and ${conditions[1]!} and ${conditions[2]!}
    order by e.id ${backwards ? sql`asc` : sql`desc`} limit ${size + 1}`;
  return keysetPage(rows, size, position, (row) => encodePageCursor(row.id));
}
