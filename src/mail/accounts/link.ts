/**
 * Linking a mailbox, shared by the form and the JSON API: the connection is
 * tested with the entered values first, and only a server that let us in is
 * stored, with the folders it listed and an initial sync queued. Editing
 * re-tests the same way before anything is saved.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { accountConnection, createMailAccount, deleteMailAccount, getMailAccount, updateMailAccount, type MailAccount, type MailAccountConnection, type MailAccountInput } from "./store.ts";
import { saveDiscoveredFolders } from "../folders.ts";
import { testImapConnection } from "../imap/discover.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import type { ImapFailure } from "../imap/errors.ts";
import { requestSync } from "../sync/request.ts";

export type LinkFailure = { ok: false; reason: ImapFailure; message: string };
export type LinkResult = { ok: true; account: MailAccount; missing: string[] } | LinkFailure;

function connectionOf(input: Omit<MailAccountInput, "password">, password: string, id = "new"): MailAccountConnection {
  return { id, host: input.host, port: input.port, security: input.security, tlsCa: input.tlsCa ?? null, username: input.username, password };
}

/** Tests the connection and, when the server lets us in, stores the account, its folders and a queued initial sync. */
export async function linkMailAccount(sql: Sql, dataKey: SecretKey, userId: string, input: MailAccountInput): Promise<LinkResult> {
  const test = await testImapConnection(connectionOf(input, input.password), await loadOutboundPolicy(sql));
  if (!test.ok) return test;
  const account = await createMailAccount(sql, dataKey, userId, input);
  try {
    // The domain functions take a pool, not a transaction: undo by hand if the rest fails.
    await saveDiscoveredFolders(sql, userId, account.id, test.folders);
    await requestSync(sql, account, "all");
  } catch (error) {
    await deleteMailAccount(sql, userId, account.id);
    throw error;
  }
  return { ok: true, account, missing: test.missing };
}

export type AccountChanges = Omit<MailAccountInput, "password"> & { password?: string };

/**
 * Where the stored password would go. Keeping it is allowed only while this
 * stays the same: otherwise someone holding a stolen session could point the
 * account at their own server (or drop TLS) and receive the password.
 */
function sameDestination(stored: MailAccountConnection, changes: AccountChanges): boolean {
  return (
    stored.host.toLowerCase() === changes.host.toLowerCase() &&
    stored.port === changes.port &&
    stored.security === changes.security &&
    (stored.tlsCa ?? null) === (changes.tlsCa ?? null) &&
    stored.username === changes.username
  );
}

export type RelinkResult = LinkResult | { ok: false; reason: "password_required" } | { ok: false; reason: "not_found" };

/** Re-tests with the changed settings (the stored password unless a new one is given), then saves them. */
export async function relinkMailAccount(sql: Sql, dataKey: SecretKey, userId: string, accountId: string, changes: AccountChanges): Promise<RelinkResult> {
  const current = await getMailAccount(sql, userId, accountId);
  const stored = await accountConnection(sql, dataKey, userId, accountId);
  if (!current || !stored) return { ok: false, reason: "not_found" };
  if (!changes.password && !sameDestination(stored, changes)) return { ok: false, reason: "password_required" };
  const test = await testImapConnection(connectionOf(changes, changes.password || stored.password, accountId), await loadOutboundPolicy(sql));
  if (!test.ok) return test;
  const account = await updateMailAccount(sql, dataKey, userId, accountId, {
    ...changes,
    password: changes.password || undefined,
    // updateMailAccount resets an omitted budget to 3; keep the account's own.
    connectionBudget: changes.connectionBudget ?? current.connectionBudget,
  });
  if (!account) return { ok: false, reason: "not_found" };
  await saveDiscoveredFolders(sql, userId, accountId, test.folders);
  await requestSync(sql, account, "all");
  return { ok: true, account, missing: test.missing };
}
