/**
 * Personal API tokens: a user's own programs call /api/v1 with
 * `Authorization: Bearer mh_…` instead of a session cookie.
 *
 * The secret is `mh_` + a short prefix (shown in the list so the user can
 * tell tokens apart) + 32 random bytes in base64url. It is shown once, at
 * creation; the table holds only its SHA-256 and is searched by that hash, so
 * neither a database dump nor a timing difference gives it away. Revoking
 * deletes the row: the next request with it answers 401.
 *
 * Each request with a token is looked up, counted for the rate limit and
 * stamped "last used" (at most once a minute) in one UPDATE: atomic under the
 * row lock, so a burst of concurrent requests in any number of processes
 * never gets more than the limit through.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import type { Logger } from "../log.ts";
import type { ApiTokenScope } from "./api-token-scopes.ts";
import { audit } from "./audit.ts";
import { userAsJson, userFromJson, type User } from "./users.ts";

/** Enough for every script and integration a person runs; more is a sign of tokens never cleaned up. */
export const MAX_API_TOKENS_PER_USER = 50;
/** Expiry choices offered; null: never. */
export const API_TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
export const DEFAULT_API_TOKEN_EXPIRY_DAYS = 90;
export const API_TOKEN_NAME_MAX = 100;
/** One page of the JSON list. */
export const API_TOKEN_PAGE_SIZE = 25;
/** "Last used" is coarse: written at most this often per token. */
const LAST_USED_GRANULARITY_S = 60;

/** `mh_` + 8 hex characters + `_` + 43 base64url characters. */
const TOKEN_FORMAT = /^mh_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

export interface ApiToken {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  /** `mh_` and the first characters of the secret. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith("mh_");
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

export class ApiTokenLimitError extends Error {
  override name = "ApiTokenLimitError";
}

const TOKEN_COLUMNS = (sql: Queryable) => sql`
  id, name, scopes, prefix, created_at as "createdAt", expires_at as "expiresAt", last_used_at as "lastUsedAt"`;

/**
 * Creates a token and returns it with its secret, which is never available again.
 *
 * @throws ApiTokenLimitError when the user already has MAX_API_TOKENS_PER_USER
 */
export async function createApiToken(
  sql: Sql,
  log: Logger,
  userId: string,
  input: { name: string; scopes: ApiTokenScope[]; expiresInDays: number | null },
): Promise<{ token: ApiToken; secret: string }> {
  const prefix = randomBytes(4).toString("hex");
  const secret = `mh_${prefix}_${randomBytes(32).toString("base64url")}`;
  const scopes = [...new Set(input.scopes)];
  return await sql.begin(async (tx) => {
    // Counted under a lock on the user's row, so two concurrent creations cannot both pass the cap.
    await tx`select 1 from users where id = ${userId} for update`;
    const [row] = await tx<{ count: number }[]>`select count(*)::int as count from api_tokens where user_id = ${userId}`;
    if (row!.count >= MAX_API_TOKENS_PER_USER) throw new ApiTokenLimitError(`at most ${MAX_API_TOKENS_PER_USER} tokens per user; revoke one first`);
    const [token] = await tx<ApiToken[]>`
      insert into api_tokens (user_id, name, scopes, prefix, secret_hash, expires_at)
      values (${userId}, ${input.name}, ${scopes}, ${`mh_${prefix}`}, ${hashSecret(secret)},
              ${input.expiresInDays === null ? null : tx`now() + make_interval(days => ${input.expiresInDays})`})
      returning ${TOKEN_COLUMNS(tx)}`;
    await audit(tx, log, "api_token.created", { actorId: userId, subjectId: userId, detail: { id: token!.id, prefix: token!.prefix, scopes, expiresAt: token!.expiresAt } });
    return { token: token!, secret };
  });
}

/** Every token of the user, newest first (the account page: at most MAX_API_TOKENS_PER_USER). */
export async function listApiTokens(sql: Queryable, userId: string): Promise<ApiToken[]> {
  return await sql<ApiToken[]>`select ${TOKEN_COLUMNS(sql)} from api_tokens where user_id = ${userId} order by created_at desc, id desc`;
}

/** A keyset position: the creation time as PostgreSQL's UTC text (microseconds kept) and the id. */
export interface ApiTokenCursor {
  at: string;
  id: string;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeApiTokenCursor(cursor: ApiTokenCursor): string {
  return `${cursor.at}_${cursor.id}`;
}

/** Undefined for a cursor this server did not make. */
export function decodeApiTokenCursor(value: string): ApiTokenCursor | undefined {
  const cut = value.lastIndexOf("_");
  const at = value.slice(0, cut);
  const id = value.slice(cut + 1);
  return cut > 0 && CURSOR_TIME.test(at) && isUuid(id) ? { at, id } : undefined;
}

export interface ApiTokenPage {
  tokens: ApiToken[];
  next: string | null;
  previous: string | null;
}

/** One page of the user's tokens, newest first: `after` a page's `next`, or `before` a page's `previous`. */
export async function pageApiTokens(sql: Queryable, userId: string, position: { after?: ApiTokenCursor; before?: ApiTokenCursor }): Promise<ApiTokenPage> {
  const { after, before } = position;
  // `::text` first: a parameter typed timestamp would go through postgres.js's Date serializer and lose the microseconds.
  const rows = await sql<(ApiToken & { cursorAt: string })[]>`
    select ${TOKEN_COLUMNS(sql)}, (created_at at time zone 'UTC')::text as "cursorAt"
    from api_tokens
    where user_id = ${userId}
      ${after ? sql`and (created_at, id) < (${after.at}::text::timestamp at time zone 'UTC', ${after.id}::uuid)` : sql``}
      ${before ? sql`and (created_at, id) > (${before.at}::text::timestamp at time zone 'UTC', ${before.id}::uuid)` : sql``}
    order by created_at ${before ? sql`asc` : sql`desc`}, id ${before ? sql`asc` : sql`desc`}
    limit ${API_TOKEN_PAGE_SIZE + 1}`;
  const more = rows.length > API_TOKEN_PAGE_SIZE;
  const shown = rows.slice(0, API_TOKEN_PAGE_SIZE);
  if (before) shown.reverse();
  const cursor = (row: { cursorAt: string; id: string } | undefined) => (row ? encodeApiTokenCursor({ at: row.cursorAt, id: row.id }) : null);
  const first = shown[0];
  const last = shown.at(-1);
  const hasNewer = before ? more : after !== undefined;
  const hasOlder = before ? true : more;
  return {
    tokens: shown.map(({ cursorAt: _, ...token }) => token),
    next: hasOlder && shown.length > 0 ? cursor(last) : null,
    previous: hasNewer && shown.length > 0 ? cursor(first) : null,
  };
}

/** Revokes (deletes) one of the user's tokens; false for another user's id or one that does not exist. */
export async function revokeApiToken(sql: Sql, log: Logger, userId: string, tokenId: string): Promise<boolean> {
  if (!isUuid(tokenId)) return false;
  return await sql.begin(async (tx) => {
    const [gone] = await tx<{ prefix: string }[]>`delete from api_tokens where id = ${tokenId} and user_id = ${userId} returning prefix`;
    if (!gone) return false;
    await audit(tx, log, "api_token.revoked", { actorId: userId, subjectId: userId, detail: { id: tokenId, prefix: gone.prefix } });
    return true;
  });
}

/** A token request as the HTTP layer holds it. */
export interface TokenRequest {
  tokenId: string;
  scopes: ApiTokenScope[];
  user: User;
  /** Requests counted in the current window, this one included. */
  requestsInWindow: number;
  /** Seconds until the window ends (at least 1). */
  windowResetS: number;
}

/**
 * Looks a bearer secret up and counts the request against its window of
 * `windowS` seconds (which starts at the first request after the previous one
 * ended). Undefined for an unknown, revoked or expired token and for a token
 * of a disabled user. The caller decides whether the count is over the limit.
 */
export async function useApiToken(sql: Sql, secret: string, windowS: number): Promise<TokenRequest | undefined> {
  if (!TOKEN_FORMAT.test(secret)) return undefined;
  type Row = { tokenId: string; scopes: ApiTokenScope[]; requestsInWindow: number; windowResetS: number; user: Parameters<typeof userFromJson>[0] & { status: string } };
  // In SET every expression reads the row as it was before this update (the old window), under the row lock.
  const [row] = await sql<Row[]>`
    update api_tokens t set
      rate_count = case when t.rate_window_start > now() - make_interval(secs => ${windowS}) then t.rate_count + 1 else 1 end,
      rate_window_start = case when t.rate_window_start > now() - make_interval(secs => ${windowS}) then t.rate_window_start else now() end,
      last_used_at = case when t.last_used_at is null or t.last_used_at < now() - make_interval(secs => ${LAST_USED_GRANULARITY_S}) then now() else t.last_used_at end
    from users u
    where t.secret_hash = ${hashSecret(secret)} and u.id = t.user_id and u.status = 'active' and (t.expires_at is null or t.expires_at > now())
    returning t.id as "tokenId", t.scopes, t.rate_count as "requestsInWindow",
      greatest(1, ceil(extract(epoch from (t.rate_window_start + make_interval(secs => ${windowS}) - now()))))::int as "windowResetS",
      ${userAsJson(sql, "t.user_id")} as "user"`;
  if (!row) return undefined;
  return { tokenId: row.tokenId, scopes: row.scopes, requestsInWindow: row.requestsInWindow, windowResetS: row.windowResetS, user: userFromJson(row.user) };
}
