/**
 * Server-side sessions in PostgreSQL. The cookie holds a random token; the
 * table holds only its SHA-256, so a database dump cannot be replayed.
 *
 * A session starts at the password step in stage `second_factor` (or
 * `setup_second_factor` for a user without one) and becomes `full` after the
 * second factor; every such step issues a new token and row id. Sessions
 * expire after an idle and an absolute timeout; an expired row is deleted on
 * sight and by the prune job. In strict key mode the row carries the user's
 * data key wrapped by the master key and bound to the row id, so it dies
 * with the row.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import { unwrapForSession, wrapForSession } from "../crypto/data-key.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { PARTIAL_SESSION_LIFETIME_MS } from "../limits.ts";
import { userFromJson, userAsJson, type User } from "./users.ts";

export type SessionStage = "second_factor" | "setup_second_factor" | "full";

export interface Session {
  /** Hex of the row id (the token's SHA-256); safe to show and to put in URLs. */
  id: string;
  userId: string;
  stage: SessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string;
  clientAddress: string;
  /** The user chose to stay signed in: the cookie outlives the browser (until the absolute timeout). */
  persistent: boolean;
}

/** Writing last_seen_at on every request would turn each page view into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

function hashToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

function newToken(): { token: string; id: Buffer } {
  const token = randomBytes(32).toString("base64url");
  return { token, id: hashToken(token) };
}

export interface SessionContext {
  userAgent: string;
  clientAddress: string;
}

function sessionCutoffs(config: Config) {
  return { idleMs: config.SESSION_IDLE_TIMEOUT_MIN * 60_000, absoluteMs: config.SESSION_ABSOLUTE_TIMEOUT_H * 3_600_000 };
}

/**
 * Creates a session and returns the token for the cookie.
 * In strict key mode `dataKey` must be given: the session is where it lives.
 */
export async function createSession(
  sql: Sql,
  keyring: MasterKeyring,
  config: Config,
  input: { userId: string; stage: SessionStage; dataKey?: SecretKey; context: SessionContext; persistent?: boolean },
): Promise<string> {
  const { token, id } = newToken();
  const wrap = input.dataKey ? wrapForSession(input.dataKey, keyring, input.userId, id.toString("hex")) : undefined;
  const lifetime = input.stage === "full" ? sessionCutoffs(config).absoluteMs : Math.min(PARTIAL_SESSION_LIFETIME_MS, sessionCutoffs(config).absoluteMs);
  const expiresAt = new Date(Date.now() + lifetime);
  await sql`
    insert into sessions (id, user_id, stage, expires_at, user_agent, client_address, dek_wrapped, dek_key_id, persistent)
    values (${id}, ${input.userId}, ${input.stage}, ${expiresAt}, ${input.context.userAgent.slice(0, 400)}, ${input.context.clientAddress},
            ${wrap?.wrapped ?? null}, ${wrap?.keyId ?? null}, ${input.persistent ?? false})`;
  return token;
}

const SESSION_COLUMNS = (sql: Sql) => sql`
  encode(id, 'hex') as id, user_id as "userId", stage, created_at as "createdAt", last_seen_at as "lastSeenAt",
  expires_at as "expiresAt", user_agent as "userAgent", client_address as "clientAddress", persistent`;

/** A session as a request holds it: with the wraps its data key can be opened from (the session's own in strict mode, the master key's in background mode). */
export type LiveSession = Session & { dataKeyWrap?: KeyWrap; masterWrap?: KeyWrap };
type KeyWrap = { wrapped: Uint8Array; keyId: string };

interface SessionLookupRow extends Session {
  dekWrapped: Uint8Array | null;
  dekKeyId: string | null;
  masterWrapped: Uint8Array | null;
  masterKeyId: string | null;
  user: Parameters<typeof userFromJson>[0] & { status: string };
}

/**
 * The live session for a cookie token and its user, or undefined. Expired
 * sessions (idle or absolute) and sessions of disabled users are deleted
 * here. One query: every signed-in request starts with it.
 */
export async function findSession(sql: Sql, config: Config, token: string): Promise<{ session: LiveSession; user: User } | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = hashToken(token);
  const [row] = await sql<SessionLookupRow[]>`
    select ${SESSION_COLUMNS(sql)}, dek_wrapped as "dekWrapped", dek_key_id as "dekKeyId",
           master.wrapped as "masterWrapped", master.key_id as "masterKeyId", ${userAsJson(sql, "sessions.user_id")} as "user"
    from sessions
    -- Two columns only, so that the session's own column names stay unambiguous.
    left join lateral (select dek_master_wrapped as wrapped, dek_master_key_id as key_id from users where users.id = sessions.user_id) master on true
    where sessions.id = ${id}`;
  if (!row) return undefined;
  const { idleMs } = sessionCutoffs(config);
  const now = Date.now();
  if (row.user?.status !== "active" || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + idleMs <= now) {
    await sql`delete from sessions where id = ${id}`;
    return undefined;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await sql`update sessions set last_seen_at = now() where id = ${id}`;
  }
  const { dekWrapped, dekKeyId, masterWrapped, masterKeyId, user, ...session } = row;
  return {
    session: {
      ...session,
      dataKeyWrap: dekWrapped && dekKeyId ? { wrapped: dekWrapped, keyId: dekKeyId } : undefined,
      masterWrap: masterWrapped && masterKeyId ? { wrapped: masterWrapped, keyId: masterKeyId } : undefined,
    },
    user: userFromJson(user),
  };
}

/** The data key a strict-mode session holds. */
export function sessionDataKey(keyring: MasterKeyring, session: { id: string; userId: string; dataKeyWrap?: KeyWrap }): SecretKey | undefined {
  return session.dataKeyWrap ? unwrapForSession(session.dataKeyWrap, keyring, session.userId, session.id) : undefined;
}

/**
 * Replaces a session by a new one with a new token (at a privilege change:
 * second factor done, password changed). The old token stops working at once.
 */
export async function replaceSession(sql: Sql, keyring: MasterKeyring, config: Config, old: Session, input: { stage: SessionStage; dataKey?: SecretKey; context: SessionContext }): Promise<string> {
  return await sql.begin(async (tx) => {
    const [deleted] = await tx`delete from sessions where id = ${Buffer.from(old.id, "hex")} and user_id = ${old.userId} returning 1`;
    if (!deleted) throw new Error("session ended meanwhile");
    return await createSession(tx as unknown as Sql, keyring, config, {
      userId: old.userId,
      stage: input.stage,
      dataKey: input.dataKey,
      context: input.context,
      persistent: old.persistent,
    });
  });
}

export async function listSessions(sql: Sql, userId: string): Promise<Session[]> {
  return await sql<Session[]>`
    select ${SESSION_COLUMNS(sql)} from sessions
    where user_id = ${userId} and stage = 'full' and expires_at > now()
    order by last_seen_at desc`;
}

/** Ends one of the user's sessions; false if there is no such session of theirs. */
export async function endSession(sql: Sql, userId: string, sessionId: string): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(sessionId)) return false;
  const result = await sql`delete from sessions where id = ${Buffer.from(sessionId, "hex")} and user_id = ${userId}`;
  return result.count === 1;
}

/** Ends every session of the user except `keepSessionId` (all of them when it is undefined). */
export async function endOtherSessions(sql: Sql, userId: string, keepSessionId?: string): Promise<number> {
  const keep = keepSessionId ? Buffer.from(keepSessionId, "hex") : Buffer.alloc(0);
  const result = await sql`delete from sessions where user_id = ${userId} and id <> ${keep}`;
  return result.count;
}

/** Deletes expired sessions (and with them any data key they held). */
export async function pruneExpiredSessions(sql: Sql, config: Config): Promise<number> {
  const result = await sql`
    delete from sessions
    where expires_at <= now() or last_seen_at <= now() - make_interval(mins => ${config.SESSION_IDLE_TIMEOUT_MIN})`;
  return result.count;
}
