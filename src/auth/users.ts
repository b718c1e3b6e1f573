/**
 * Users: creation with their data key, lookups, and administration.
 * Every function that reads another user's data takes the id explicitly;
 * HTTP routes pass the acting user's id (src/http/middleware/auth.ts).
 */
import type { Lang } from "../i18n/messages.ts";
import { generateDataKey, wrapWithMaster, wrapWithPassword, type PasswordWrappedKey } from "../crypto/data-key.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";
import { normalizeEmail } from "../email-address.ts";
import { isUuid } from "../ids.ts";
import { hashPassword } from "./passwords.ts";

export type Role = "admin" | "user";
export type KeyMode = "background" | "strict";

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: "active" | "disabled";
  keyMode: KeyMode;
  totpEnabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
  /** The UI language they chose; null: their browser's. */
  language: Lang | null;
  /** The IANA time zone dates are shown in (src/time-zone.ts); null: the server's. */
  timeZone: string | null;
  /** Set on a user migrated from KI-Mail-Helper until they choose a new password (src/migrate-kimh/); only on session users. */
  passwordChangeRequired?: true;
}

export const USER_COLUMNS = (sql: Queryable) => sql`
  id, email, display_name as "displayName", role, status, key_mode as "keyMode",
  totp_enabled_at is not null as "totpEnabled", created_at as "createdAt", password_changed_at as "passwordChangedAt", language,
  time_zone as "timeZone"`;

/** The user row `users.id = <idColumn>` as one JSON value, for queries that fetch a user beside something else (read it with userFromJson). */
export const userAsJson = (sql: Queryable, idColumn: string) => sql`(
  select to_jsonb(u) - 'pcr' || case when u.pcr then '{"passwordChangeRequired": true}'::jsonb else '{}'::jsonb end
  from (select ${USER_COLUMNS(sql)}, password_change_required as pcr from users where id = ${sql.unsafe(idColumn)}) u)`;

export function userFromJson(json: Omit<User, "createdAt" | "passwordChangedAt"> & { createdAt: string; passwordChangedAt: string }): User {
  return { ...json, createdAt: new Date(json.createdAt), passwordChangedAt: new Date(json.passwordChangedAt) };
}

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName?: string;
  keyMode?: KeyMode;
  /** A zone checked by timeZoneNamed (src/time-zone.ts). */
  timeZone?: string;
}

/** A password as stored: its hash, and the data key wrapped under it. */
export interface SealedPassword {
  hash: string;
  wrap: PasswordWrappedKey;
}

/** Hashes the password and wraps the data key under it. Slow on purpose, so call it before a transaction, not inside. */
export async function sealPassword(dataKey: SecretKey, password: string, userId: string): Promise<SealedPassword> {
  const [hash, wrap] = await Promise.all([hashPassword(password), wrapWithPassword(dataKey, password, userId)]);
  return { hash, wrap };
}

/** Replaces the user's password hash and password wrap; the caller has established the right to. */
export async function storePassword(sql: Queryable, userId: string, { hash, wrap }: SealedPassword): Promise<void> {
  await sql`
    update users set password_hash = ${hash}, dek_password_wrapped = ${wrap.wrapped}, dek_kdf_salt = ${wrap.salt},
                     dek_kdf_params = ${wrap.params}, password_changed_at = now(), password_change_required = false
    where id = ${userId}`;
}

/**
 * Creates the user with a fresh data key, wrapped by their password and (in
 * background mode) by the master key. Returns the key so the caller can
 * start a session without deriving it again.
 *
 * @throws EmailTakenError
 */
export async function createUser(sql: Queryable, keyring: MasterKeyring, input: NewUser): Promise<{ user: User; dataKey: SecretKey }> {
  const id = crypto.randomUUID();
  const dataKey = generateDataKey();
  const keyMode = input.keyMode ?? "background";
  const { hash, wrap } = await sealPassword(dataKey, input.password, id);
  const masterWrap = keyMode === "background" ? wrapWithMaster(dataKey, keyring, id) : undefined;
  try {
    const [user] = await sql<User[]>`
      insert into users (id, email, display_name, role, password_hash, key_mode, time_zone,
                         dek_password_wrapped, dek_kdf_salt, dek_kdf_params, dek_master_wrapped, dek_master_key_id)
      values (${id}, ${normalizeEmail(input.email)}, ${input.displayName ?? ""}, ${input.role}, ${hash}, ${keyMode}, ${input.timeZone ?? null},
              ${wrap.wrapped}, ${wrap.salt}, ${wrap.params}, ${masterWrap?.wrapped ?? null}, ${masterWrap?.keyId ?? null})
      returning ${USER_COLUMNS(sql)}`;
    return { user: user!, dataKey };
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new EmailTakenError("a user with this email exists");
    throw error;
  }
}

export async function getUser(sql: Queryable, id: string): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  const [user] = await sql<User[]>`select ${USER_COLUMNS(sql)} from users where id = ${id} and erased_at is null`;
  return user;
}

/** What sign-in needs besides the profile: the password hash. */
export async function findUserForSignIn(sql: Queryable, email: string): Promise<(User & { passwordHash: string }) | undefined> {
  const [user] = await sql<(User & { passwordHash: string })[]>`
    select ${USER_COLUMNS(sql)}, password_hash as "passwordHash" from users where lower(email) = ${normalizeEmail(email)}`;
  return user;
}

export async function listUsers(sql: Queryable): Promise<User[]> {
  return await sql<User[]>`select ${USER_COLUMNS(sql)} from users where erased_at is null order by created_at`;
}

export async function countUsers(sql: Queryable): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users`;
  return row!.n;
}

/** The time zone the user chose (checked by timeZoneNamed, src/time-zone.ts). */
export async function setUserTimeZone(sql: Queryable, userId: string, timeZone: string): Promise<void> {
  await sql`update users set time_zone = ${timeZone} where id = ${userId}`;
}

/** The UI language the user chose, so it follows them to their other devices. */
export async function setUserLanguage(sql: Queryable, userId: string, language: Lang): Promise<void> {
  await sql`update users set language = ${language} where id = ${userId}`;
}
