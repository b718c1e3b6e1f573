/**
 * Mail accounts of a user. The IMAP user name and password are encrypted
 * with the user's data key; every function takes the owner's id and scopes
 * its query by it, so another user's account id finds nothing.
 */
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import type { ImapFailure } from "../imap/errors.ts";

export type ImapSecurity = "tls" | "starttls" | "none";
export type AccountStatus = "ok" | "auth_failed" | "error";

/**
 * Why a connection or sync failed, stable for pages to put in words
 * (`accounts.reason.<reason>`): an IMAP failure, a paused folder, or an
 * internal error. Rows written before it was recorded have none.
 */
export type ErrorReason = ImapFailure | "folder_paused" | "internal";

export interface MailAccount {
  id: string;
  userId: string;
  /** "offline": a mailbox imported from files (src/mail/import/), never connected to. */
  kind: "imap" | "offline";
  label: string;
  host: string;
  port: number;
  security: ImapSecurity;
  tlsCa: string | null;
  enabled: boolean;
  connectionBudget: number;
  syncSince: Date | null;
  maxMessageBytes: number | null;
  status: AccountStatus;
  /** The technical message (may carry codes such as ECONNREFUSED): for the API and logs, not for pages. */
  lastError: string | null;
  lastErrorReason: ErrorReason | null;
  lastErrorAt: Date | null;
  lastSyncStartedAt: Date | null;
  lastSyncAt: Date | null;
  idleSeenAt: Date | null;
  createdAt: Date;
}

/** What opening a connection needs: the account with its credentials decrypted. */
export interface MailAccountConnection {
  id: string;
  host: string;
  port: number;
  security: ImapSecurity;
  tlsCa: string | null;
  username: string;
  password: string;
}

export interface MailAccountInput {
  label: string;
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  password: string;
  tlsCa?: string | null;
  connectionBudget?: number;
  syncSince?: Date | null;
  maxMessageBytes?: number | null;
}

const binding = (userId: string, accountId: string, what: "username" | "password") => ({ owner: userId, purpose: `imap-${what}:${accountId}` });

/** A calendar day as the date column stores it, whatever the database session's time zone. */
const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : null);

const COLUMNS = (sql: Sql) => sql`
  id, user_id as "userId", kind, label, imap_host as host, imap_port as port, imap_security as security, imap_tls_ca as "tlsCa",
  enabled, connection_budget as "connectionBudget", sync_since as "syncSince", max_message_bytes as "maxMessageBytes",
  status, last_error as "lastError", last_error_reason as "lastErrorReason", last_error_at as "lastErrorAt", last_sync_started_at as "lastSyncStartedAt",
  last_sync_at as "lastSyncAt", idle_seen_at as "idleSeenAt", created_at as "createdAt"`;

export async function createMailAccount(sql: Sql, dataKey: SecretKey, userId: string, input: MailAccountInput): Promise<MailAccount> {
  const id = crypto.randomUUID();
  const [account] = await sql<MailAccount[]>`
    insert into mail_accounts (id, user_id, label, imap_host, imap_port, imap_security, imap_tls_ca,
                               imap_username_encrypted, imap_password_encrypted, connection_budget, sync_since, max_message_bytes)
    values (${id}, ${userId}, ${input.label}, ${input.host}, ${input.port}, ${input.security}, ${input.tlsCa ?? null},
            ${encrypt(dataKey, input.username, binding(userId, id, "username"))}, ${encrypt(dataKey, input.password, binding(userId, id, "password"))},
            ${input.connectionBudget ?? 3}, ${day(input.syncSince)}::date, ${input.maxMessageBytes ?? null})
    returning ${COLUMNS(sql)}`;
  return account!;
}

export async function getMailAccount(sql: Sql, userId: string, accountId: string): Promise<MailAccount | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [account] = await sql<MailAccount[]>`select ${COLUMNS(sql)} from mail_accounts where id = ${accountId} and user_id = ${userId}`;
  return account;
}

export async function listMailAccounts(sql: Sql, userId: string): Promise<MailAccount[]> {
  return await sql<MailAccount[]>`select ${COLUMNS(sql)} from mail_accounts where user_id = ${userId} order by created_at`;
}

/** The account with decrypted credentials, for opening a connection; undefined if it is not the user's. */
export async function accountConnection(sql: Sql, dataKey: SecretKey, userId: string, accountId: string): Promise<MailAccountConnection | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [row] = await sql<{ host: string; port: number; security: ImapSecurity; tlsCa: string | null; username: Uint8Array; password: Uint8Array }[]>`
    select imap_host as host, imap_port as port, imap_security as security, imap_tls_ca as "tlsCa",
           imap_username_encrypted as username, imap_password_encrypted as password
    from mail_accounts where id = ${accountId} and user_id = ${userId}`;
  if (!row) return undefined;
  return {
    id: accountId,
    host: row.host,
    port: row.port,
    security: row.security,
    tlsCa: row.tlsCa,
    username: decryptText(dataKey, row.username, binding(userId, accountId, "username")),
    password: decryptText(dataKey, row.password, binding(userId, accountId, "password")),
  };
}

/** Changes connection settings; a new password (when given) replaces the stored one and clears an auth failure. */
export async function updateMailAccount(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  accountId: string,
  input: Omit<MailAccountInput, "password"> & { password?: string },
): Promise<MailAccount | undefined> {
  if (!isUuid(accountId)) return undefined;
  const password = input.password ? encrypt(dataKey, input.password, binding(userId, accountId, "password")) : null;
  const [account] = await sql<MailAccount[]>`
    update mail_accounts set
      label = ${input.label}, imap_host = ${input.host}, imap_port = ${input.port}, imap_security = ${input.security},
      imap_tls_ca = ${input.tlsCa ?? null},
      imap_username_encrypted = ${encrypt(dataKey, input.username, binding(userId, accountId, "username"))},
      imap_password_encrypted = coalesce(${password}, imap_password_encrypted),
      connection_budget = coalesce(${input.connectionBudget ?? null}::int, connection_budget), sync_since = ${day(input.syncSince)}::date,
      max_message_bytes = ${input.maxMessageBytes ?? null},
      status = 'ok', last_error = null, last_error_reason = null
    where id = ${accountId} and user_id = ${userId}
    returning ${COLUMNS(sql)}`;
  return account;
}

export async function setMailAccountEnabled(sql: Sql, userId: string, accountId: string, enabled: boolean): Promise<boolean> {
  if (!isUuid(accountId)) return false;
  return (await sql`update mail_accounts set enabled = ${enabled} where id = ${accountId} and user_id = ${userId}`).count === 1;
}

/** Deletes the account and the local copy of its mail (folders, messages, copies, attachments cascade). The server is not touched. */
export async function deleteMailAccount(sql: Sql, userId: string, accountId: string): Promise<boolean> {
  if (!isUuid(accountId)) return false;
  return (await sql`delete from mail_accounts where id = ${accountId} and user_id = ${userId}`).count === 1;
}

/** Records the outcome of a connection: `auth_failed` stops syncing until the user fixes the password. */
export async function recordAccountStatus(sql: Sql, accountId: string, status: AccountStatus, error?: { reason: ErrorReason; message: string }): Promise<void> {
  await sql`
    update mail_accounts set status = ${status},
      last_error = ${error?.message ?? null}, last_error_reason = ${error?.reason ?? null}, last_error_at = case when ${error?.message ?? null}::text is null then last_error_at else now() end
    where id = ${accountId}`;
}
