/**
 * Single-use links with an expiry: invitations to sign up, and password
 * resets issued by an administrator. The link carries a random token; the
 * table holds only its SHA-256.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable, Sql } from "../db/connection.ts";
import type { Role } from "./users.ts";

export type InvitationKind = "signup" | "password_reset";

export interface Invitation {
  id: string;
  kind: InvitationKind;
  email: string | null;
  role: Role;
  userId: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export const INVITATION_MAX_DAYS = 30;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

const COLUMNS = (sql: Queryable) => sql`
  id, kind, email, role, user_id as "userId", created_at as "createdAt", expires_at as "expiresAt",
  used_at as "usedAt", revoked_at as "revokedAt"`;

export function invitationUrl(publicUrl: string, kind: InvitationKind, token: string): string {
  return `${publicUrl}/${kind === "signup" ? "signup" : "reset-password"}?token=${token}`;
}

export async function createInvitation(
  sql: Queryable,
  input: { kind?: InvitationKind; createdBy: string | null; email?: string | null; role: Role; days: number; userId?: string },
): Promise<{ invitation: Invitation; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const days = Math.min(Math.max(input.days, 1), INVITATION_MAX_DAYS);
  const [invitation] = await sql<Invitation[]>`
    insert into invitations (kind, token_hash, email, role, user_id, created_by, expires_at)
    values (${input.kind ?? "signup"}, ${hashToken(token)}, ${input.email?.trim().toLowerCase() || null}, ${input.role},
            ${input.userId ?? null}, ${input.createdBy}, now() + make_interval(days => ${days}))
    returning ${COLUMNS(sql)}`;
  return { invitation: invitation!, token };
}

/** An invitation that can still be used, by its token. */
export async function findOpenInvitation(sql: Queryable, kind: InvitationKind, token: string): Promise<Invitation | undefined> {
  if (!token || token.length > 100) return undefined;
  const [invitation] = await sql<Invitation[]>`
    select ${COLUMNS(sql)} from invitations
    where token_hash = ${hashToken(token)} and kind = ${kind} and used_at is null and revoked_at is null and expires_at > now()`;
  return invitation;
}

/** Marks it used; false if someone used it first (the caller's transaction then rolls back). */
export async function markInvitationUsed(sql: Queryable, id: string, userId: string): Promise<boolean> {
  const [row] = await sql`update invitations set used_at = now(), used_by = ${userId} where id = ${id} and used_at is null and revoked_at is null returning 1`;
  return Boolean(row);
}

export async function listInvitations(sql: Sql): Promise<Invitation[]> {
  return await sql<Invitation[]>`select ${COLUMNS(sql)} from invitations where kind = 'signup' order by created_at desc limit 200`;
}

export async function revokeInvitation(sql: Sql, id: string): Promise<boolean> {
  const result = await sql`update invitations set revoked_at = now() where id = ${id}::uuid and used_at is null and revoked_at is null`;
  return result.count === 1;
}
