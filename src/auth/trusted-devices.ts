/**
 * "Dieses Gerät 30 Tage merken": after the second factor, a browser may be
 * remembered, so the next sign-ins there ask for the password only. The
 * cookie holds a random token; the database only its SHA-256, the user,
 * the browser's description and when it ends. Unlike the device cookie
 * (device-cookie.ts, a throttle budget that proves nothing), this one skips
 * a factor: it is stored, listed beside the sessions, revocable, and all of
 * a user's go when their password or second factor changes.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";

export const TRUSTED_DEVICE_DAYS = 30;
export const TRUSTED_DEVICE_COOKIE = "mh_trusted";

export interface TrustedDevice {
  id: string;
  userAgent: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest();

/** Remembers the browser; returns the token for its cookie. */
export async function trustDevice(sql: Sql, userId: string, userAgent: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await sql`
    insert into trusted_devices (user_id, token_hash, user_agent, expires_at)
    values (${userId}, ${hashOf(token)}, ${userAgent.slice(0, 400)}, now() + make_interval(days => ${TRUSTED_DEVICE_DAYS}))`;
  return token;
}

/** Whether the cookie's token is a remembered browser of this user (and notes its use). */
export async function isTrustedDevice(sql: Sql, userId: string, token: string | undefined): Promise<boolean> {
  if (!token || !/^[\w-]{43}$/.test(token)) return false;
  const rows = await sql`
    update trusted_devices set last_used_at = now()
    where token_hash = ${hashOf(token)} and user_id = ${userId} and expires_at > now() returning 1`;
  return rows.length > 0;
}

export async function listTrustedDevices(sql: Sql, userId: string): Promise<TrustedDevice[]> {
  return await sql<TrustedDevice[]>`
    select id, user_agent as "userAgent", created_at as "createdAt", last_used_at as "lastUsedAt", expires_at as "expiresAt"
    from trusted_devices where user_id = ${userId} and expires_at > now() order by last_used_at desc`;
}

/** Forgets one of the user's browsers; false when the id is not theirs. */
export async function forgetTrustedDevice(sql: Sql, userId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return (await sql`delete from trusted_devices where id = ${id} and user_id = ${userId} returning 1`).length > 0;
}

/** Every remembered browser of the user: after a password or second-factor change. */
export async function forgetAllTrustedDevices(sql: Queryable, userId: string): Promise<void> {
  await sql`delete from trusted_devices where user_id = ${userId}`;
}

export async function pruneTrustedDevices(sql: Sql): Promise<number> {
  return (await sql`delete from trusted_devices where expires_at <= now()`).count;
}
