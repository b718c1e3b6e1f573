/**
 * Setting up the outgoing server, shared by the account page and the API:
 * entered settings are tested (connect, upgrade as configured, log in) and
 * saved only when the server let us in, like linking a mailbox
 * (../accounts/link.ts). The caller claims the user's connection-test budget.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import { parseSmtpSettings, resolveSmtpSettings, saveSmtpSettings, smtpConnection, type SmtpSettingsView } from "./smtp-settings.ts";
import { testSmtpConnection, type SmtpFailure } from "./transport.ts";

export type SmtpSetupResult =
  | { ok: true; settings: SmtpSettingsView }
  | { ok: false; reason: "invalid"; invalid: string[] }
  | { ok: false; reason: "not_found" | "password_required" | "imap_login_other_host" }
  | { ok: false; reason: SmtpFailure; message: string };

export async function testAndSaveSmtpSettings(sql: Sql, dataKey: SecretKey, userId: string, accountId: string, input: unknown): Promise<SmtpSetupResult> {
  const parsed = parseSmtpSettings(input);
  if (!parsed.ok) return { ok: false, reason: "invalid", invalid: parsed.invalid };
  const resolved = await resolveSmtpSettings(sql, dataKey, userId, accountId, parsed.value);
  if (!resolved.ok) return resolved;
  const test = await testSmtpConnection(resolved.connection, await loadOutboundPolicy(sql));
  if (!test.ok) return test;
  return await saveSmtpSettings(sql, dataKey, userId, accountId, parsed.value);
}

export type StoredSmtpTestResult = { ok: true } | { ok: false; reason: "not_found" | "no_smtp" } | { ok: false; reason: SmtpFailure; message: string };

/** Tests the stored settings. */
export async function testStoredSmtpSettings(sql: Sql, dataKey: SecretKey, userId: string, accountId: string): Promise<StoredSmtpTestResult> {
  const connection = await smtpConnection(sql, dataKey, userId, accountId);
  if (connection === undefined) return { ok: false, reason: "not_found" };
  if (connection === null) return { ok: false, reason: "no_smtp" };
  return await testSmtpConnection(connection, await loadOutboundPolicy(sql));
}
