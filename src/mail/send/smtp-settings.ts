/**
 * The outgoing (SMTP) server of a mail account: validated input (valibot)
 * and the store. The SMTP user name, password and the From identity are
 * encrypted with the user's data key like the IMAP credentials; no stored
 * user name means "the same login as IMAP".
 *
 * Two rules keep a stolen session from walking off with a password:
 * - the IMAP login is reused only for the IMAP server's own host name;
 * - a stored SMTP password is kept only while host, port, security,
 *   certificate and user name stay the same (as ../accounts/link.ts does).
 */
import * as v from "valibot";
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import { isCertificate, isHost } from "../accounts/input.ts";
import { accountConnection } from "../accounts/store.ts";

export type SmtpSecurity = "tls" | "starttls" | "none";
export const SMTP_SECURITIES = ["tls", "starttls", "none"] as const satisfies readonly SmtpSecurity[];
/** Submission with implicit TLS (RFC 8314). */
export const DEFAULT_SMTP_PORT = 465;

/** RFC 5321: a path (address) has at most 256 octets. */
const MAX_ADDRESS_LENGTH = 254;
/** A display name as people write theirs; longer ones are folded over lines and look like spam. */
const MAX_FROM_NAME_LENGTH = 100;
/** Same bounds as the IMAP settings (../accounts/input.ts). */
const MAX_USERNAME_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;
const MAX_CERTIFICATE_CHARS = 64 * 1024;

/** One address, no display name, no comments: what MAIL FROM and the From header carry. */
export const EMAIL_ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const SmtpSettingsInputSchema = v.object({
  host: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(253), v.check(isHost, "not a host name or IP address")),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), DEFAULT_SMTP_PORT),
  security: v.optional(v.picklist(SMTP_SECURITIES), "tls"),
  /** null or absent: the IMAP login (only for the IMAP server's host). */
  username: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(MAX_USERNAME_LENGTH))), null),
  /** Absent or empty: keep the stored one (when the destination did not change). */
  password: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(MAX_PASSWORD_LENGTH))), null),
  tlsCa: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(MAX_CERTIFICATE_CHARS))), null),
  fromAddress: v.pipe(v.string(), v.trim(), v.maxLength(MAX_ADDRESS_LENGTH), v.regex(EMAIL_ADDRESS, "not an email address")),
  fromName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_FROM_NAME_LENGTH), v.regex(/^[^\r\n]*$/)), ""),
  sentByServer: v.optional(v.boolean(), false),
});
export type SmtpSettingsInput = v.InferInput<typeof SmtpSettingsInputSchema>;
export type SmtpSettingsValue = v.InferOutput<typeof SmtpSettingsInputSchema>;

/** The field names that failed, never their values. */
export function parseSmtpSettings(input: unknown): { ok: true; value: SmtpSettingsValue } | { ok: false; invalid: string[] } {
  const result = v.safeParse(SmtpSettingsInputSchema, input);
  if (!result.success) return { ok: false, invalid: [...new Set(result.issues.map((issue) => v.getDotPath(issue) ?? "input"))] };
  const value = { ...result.output, username: result.output.username || null, password: result.output.password || null };
  if (value.tlsCa) {
    if (!isCertificate(value.tlsCa)) return { ok: false, invalid: ["tlsCa"] };
    value.tlsCa = value.tlsCa.replace(/\r\n?/g, "\n");
  } else value.tlsCa = null;
  return { ok: true, value };
}

/** What the settings page and the API show: the password never. */
export interface SmtpSettingsView {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** null: the IMAP login. */
  username: string | null;
  hasPassword: boolean;
  tlsCa: string | null;
  fromAddress: string;
  fromName: string;
  sentByServer: boolean;
}

/** What sending needs: the settings with the credentials decrypted (the IMAP ones when shared). */
export interface SmtpConnection {
  accountId: string;
  host: string;
  port: number;
  security: SmtpSecurity;
  tlsCa: string | null;
  username: string;
  password: string;
  fromAddress: string;
  fromName: string;
  sentByServer: boolean;
}

const binding = (userId: string, accountId: string, what: "username" | "password" | "from") => ({ owner: userId, purpose: `smtp-${what}:${accountId}` });

interface Row {
  imapHost: string;
  host: string | null;
  port: number | null;
  security: SmtpSecurity | null;
  tlsCa: string | null;
  username: Uint8Array | null;
  password: Uint8Array | null;
  from: Uint8Array | null;
  sentByServer: boolean;
}

async function loadRow(sql: Sql, userId: string, accountId: string): Promise<Row | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [row] = await sql<Row[]>`
    select imap_host as "imapHost", smtp_host as host, smtp_port as port, smtp_security as security, smtp_tls_ca as "tlsCa",
           smtp_username_encrypted as username, smtp_password_encrypted as password, smtp_from_encrypted as from, smtp_sent_by_server as "sentByServer"
    from mail_accounts where id = ${accountId} and user_id = ${userId}`;
  return row;
}

function view(dataKey: SecretKey, userId: string, accountId: string, row: Row): SmtpSettingsView | null {
  if (!row.host || !row.port || !row.security || !row.from) return null;
  const from = JSON.parse(decryptText(dataKey, row.from, binding(userId, accountId, "from"))) as { address: string; name: string };
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username ? decryptText(dataKey, row.username, binding(userId, accountId, "username")) : null,
    hasPassword: row.password !== null,
    tlsCa: row.tlsCa,
    fromAddress: from.address,
    fromName: from.name,
    sentByServer: row.sentByServer,
  };
}

/** undefined: not the user's account; null: the account has no SMTP settings yet. */
export async function getSmtpSettings(sql: Sql, dataKey: SecretKey, userId: string, accountId: string): Promise<SmtpSettingsView | null | undefined> {
  const row = await loadRow(sql, userId, accountId);
  return row ? view(dataKey, userId, accountId, row) : undefined;
}

const sameHost = (a: string, b: string) => a.trim().toLowerCase().replace(/\.$/, "") === b.trim().toLowerCase().replace(/\.$/, "");

export type SaveSmtpResult =
  | { ok: true; settings: SmtpSettingsView }
  | { ok: false; reason: "not_found" }
  /** The IMAP login may only travel to the IMAP server's own host. */
  | { ok: false; reason: "imap_login_other_host" }
  /** A user name of its own needs a password, and a changed destination needs it again. */
  | { ok: false; reason: "password_required" };

/** The settings as they would be saved: the connection test uses this before saving. */
export async function resolveSmtpSettings(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  accountId: string,
  value: SmtpSettingsValue,
): Promise<{ ok: true; connection: SmtpConnection } | Exclude<SaveSmtpResult, { ok: true }>> {
  const row = await loadRow(sql, userId, accountId);
  if (!row) return { ok: false, reason: "not_found" };
  const base = {
    accountId,
    host: value.host,
    port: value.port,
    security: value.security,
    tlsCa: value.tlsCa,
    fromAddress: value.fromAddress,
    fromName: value.fromName,
    sentByServer: value.sentByServer,
  };
  if (!value.username) {
    if (!sameHost(value.host, row.imapHost)) return { ok: false, reason: "imap_login_other_host" };
    const imap = await accountConnection(sql, dataKey, userId, accountId);
    if (!imap) return { ok: false, reason: "not_found" };
    return { ok: true, connection: { ...base, username: imap.username, password: imap.password } };
  }
  if (value.password) return { ok: true, connection: { ...base, username: value.username, password: value.password } };
  const stored = view(dataKey, userId, accountId, row);
  const unchanged =
    stored &&
    row.password &&
    sameHost(stored.host, value.host) &&
    stored.port === value.port &&
    stored.security === value.security &&
    (stored.tlsCa ?? null) === (value.tlsCa ?? null) &&
    stored.username === value.username;
  if (!unchanged || !row.password) return { ok: false, reason: "password_required" };
  return { ok: true, connection: { ...base, username: value.username, password: decryptText(dataKey, row.password, binding(userId, accountId, "password")) } };
}

/** Saves the settings (the caller may have tested them first with resolveSmtpSettings). */
export async function saveSmtpSettings(sql: Sql, dataKey: SecretKey, userId: string, accountId: string, value: SmtpSettingsValue): Promise<SaveSmtpResult> {
  const resolved = await resolveSmtpSettings(sql, dataKey, userId, accountId, value);
  if (!resolved.ok) return resolved;
  const ownLogin = value.username !== null;
  const username = ownLogin ? encrypt(dataKey, resolved.connection.username, binding(userId, accountId, "username")) : null;
  const password = ownLogin ? encrypt(dataKey, resolved.connection.password, binding(userId, accountId, "password")) : null;
  const from = encrypt(dataKey, JSON.stringify({ address: value.fromAddress, name: value.fromName }), binding(userId, accountId, "from"));
  await sql`
    update mail_accounts set smtp_host = ${value.host}, smtp_port = ${value.port}, smtp_security = ${value.security}, smtp_tls_ca = ${value.tlsCa},
      smtp_username_encrypted = ${username}, smtp_password_encrypted = ${password}, smtp_from_encrypted = ${from}, smtp_sent_by_server = ${value.sentByServer}
    where id = ${accountId} and user_id = ${userId}`;
  const settings = await getSmtpSettings(sql, dataKey, userId, accountId);
  if (!settings) return { ok: false, reason: "not_found" };
  return { ok: true, settings };
}

/** The stored settings with decrypted credentials; undefined: not the user's account; null: no SMTP settings. */
export async function smtpConnection(sql: Sql, dataKey: SecretKey, userId: string, accountId: string): Promise<SmtpConnection | null | undefined> {
  const row = await loadRow(sql, userId, accountId);
  if (!row) return undefined;
  const settings = view(dataKey, userId, accountId, row);
  if (!settings) return null;
  const base = {
    accountId,
    host: settings.host,
    port: settings.port,
    security: settings.security,
    tlsCa: settings.tlsCa,
    fromAddress: settings.fromAddress,
    fromName: settings.fromName,
    sentByServer: settings.sentByServer,
  };
  if (settings.username && row.password) return { ...base, username: settings.username, password: decryptText(dataKey, row.password, binding(userId, accountId, "password")) };
  const imap = await accountConnection(sql, dataKey, userId, accountId);
  return imap ? { ...base, username: imap.username, password: imap.password } : undefined;
}
