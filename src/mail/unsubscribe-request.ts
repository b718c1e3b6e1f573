/**
 * The user's "Abbestellen" on a message: one-click when the sender offers it
 * (./unsubscribe.ts), otherwise the address or link for the user to use.
 * A successful one-click marks the sender unsubscribed in the newsletter
 * overview. Each one-click counts against the user's connection budget: it
 * makes the server connect somewhere on a mail's word.
 */
import { senderHash } from "../analysis/sender-patterns.ts";
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { normalizeEmail } from "../email-address.ts";
import { isUuid } from "../ids.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import { claimConnectionTest } from "../net/connection-test-budget.ts";
import type { MailAddress, SelectedHeaders } from "./parse/types.ts";
import { unsubscribeOneClick, unsubscribeOptions, type UnsubscribeOptions } from "./unsubscribe.ts";

export type UnsubscribeOutcome =
  | { done: "one_click" }
  | { done: "offered"; options: UnsubscribeOptions; failed?: "refused" | "unreachable" | "rejected" }
  | { done: "rate_limited"; retryAfterMs: number }
  | { done: "not_found" };

/** The message's unsubscribe options, or null when it is not the user's. */
export async function messageUnsubscribeOptions(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<(UnsubscribeOptions & { sender: string | null }) | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await sql<{ headers: Uint8Array; rawHeaders: Uint8Array | null }[]>`
    select headers_encrypted as headers, raw_headers_encrypted as "rawHeaders" from messages where id = ${messageId} and user_id = ${userId} and orphaned_at is null`;
  if (!row) return null;
  const bind = (purpose: string) => ({ owner: userId, purpose: `${purpose}:${messageId}` });
  const headers = JSON.parse(decryptText(dataKey, row.headers, bind("message-headers"))) as { from?: MailAddress[]; headers?: SelectedHeaders };
  const raw = row.rawHeaders ? decryptText(dataKey, row.rawHeaders, bind("message-raw-headers")) : "";
  const sender = headers.from?.[0]?.address ? normalizeEmail(headers.from[0].address) : null;
  return { ...unsubscribeOptions(headers.headers?.["list-unsubscribe"], raw, sender), sender };
}

export async function unsubscribeFromMessage(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<UnsubscribeOutcome> {
  const found = await messageUnsubscribeOptions(sql, dataKey, userId, messageId);
  if (!found) return { done: "not_found" };
  const { sender, ...options } = found;
  if (!options.oneClick) return { done: "offered", options };
  const claim = await claimConnectionTest(sql, userId);
  if (!claim.allowed) return { done: "rate_limited", retryAfterMs: claim.retryAfterMs };
  const result = await unsubscribeOneClick(await loadOutboundPolicy(sql), options.oneClick);
  if (!result.ok) return { done: "offered", options: { ...options, oneClick: null }, failed: result.reason };
  if (sender) await sql`update sender_patterns set unsubscribed_at = now() where user_id = ${userId} and sender_hash = ${senderHash(dataKey, sender)}`;
  return { done: "one_click" };
}
