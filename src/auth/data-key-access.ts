/**
 * Where the server gets a user's data key from, for a request and for
 * background work. The raw key only ever lives in memory, for one unit of
 * work; it is never logged, put in a job payload or URL, or stored unwrapped.
 */
import type { Config } from "../config.ts";
import { unwrapWithMaster } from "../crypto/data-key.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { sessionDataKey, type LiveSession } from "./sessions.ts";

/** A strict-mode user has no live session: their data cannot be opened now. Jobs wait for the next sign-in. */
export class DataKeyUnavailableError extends Error {
  override name = "DataKeyUnavailableError";
  readonly code = "DATA_KEY_UNAVAILABLE";
}

/**
 * SQL condition on a `sessions s` row: fully signed in, holding a data key,
 * neither past its absolute expiry nor idle for too long. Background work may
 * only count on such a session (the prune job deletes the others soon anyway).
 */
function liveKeySession(sql: Sql, config: Config) {
  return sql`s.stage = 'full' and s.dek_wrapped is not null and s.expires_at > now()
    and s.last_seen_at > now() - make_interval(mins => ${config.SESSION_IDLE_TIMEOUT_MIN})`;
}

/**
 * SQL condition on a `users u` row: background work can open this user's data
 * now, by master-key wrap or through a live session. The twin of
 * dataKeyForBackgroundWork, for choosing which accounts to work on.
 */
export function dataKeyReachable(sql: Sql, config: Config) {
  return sql`(u.key_mode = 'background' or exists (
    select 1 from sessions s where s.user_id = u.id and ${liveKeySession(sql, config)}))`;
}

async function masterWrappedKey(sql: Sql, keyring: MasterKeyring, userId: string): Promise<SecretKey | undefined> {
  const [row] = await sql<{ wrapped: Uint8Array | null; keyId: string | null }[]>`
    select dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${userId} and status = 'active'`;
  return row?.wrapped && row.keyId ? unwrapWithMaster({ wrapped: row.wrapped, keyId: row.keyId }, keyring, userId) : undefined;
}

/** The acting user's data key during a request: from the wraps its session was looked up with, no query. */
export function dataKeyForSession(keyring: MasterKeyring, session: LiveSession): SecretKey {
  const key = sessionDataKey(keyring, session) ?? (session.masterWrap && unwrapWithMaster(session.masterWrap, keyring, session.userId));
  if (!key) throw new DataKeyUnavailableError("this session holds no data key; sign in again");
  return key;
}

/**
 * A user's data key for background work: from the master-key wrap in
 * background mode, or from any live, fully signed-in session in strict mode.
 *
 * @throws DataKeyUnavailableError when a strict-mode user is signed out
 */
export async function dataKeyForBackgroundWork(sql: Sql, keyring: MasterKeyring, config: Config, userId: string): Promise<SecretKey> {
  const background = await masterWrappedKey(sql, keyring, userId);
  if (background) return background;
  const [session] = await sql<{ id: string; wrapped: Uint8Array; keyId: string }[]>`
    select encode(s.id, 'hex') as id, s.dek_wrapped as wrapped, s.dek_key_id as "keyId"
    from sessions s join users u on u.id = s.user_id
    where s.user_id = ${userId} and u.status = 'active' and ${liveKeySession(sql, config)}
    order by s.last_seen_at desc limit 1`;
  if (!session) throw new DataKeyUnavailableError("the user keeps their key only in their sessions and is signed out");
  return sessionDataKey(keyring, { id: session.id, userId, dataKeyWrap: { wrapped: session.wrapped, keyId: session.keyId } })!;
}
