/**
 * What the waiting query must know of a message but cannot read in SQL,
 * because the headers are encrypted: is it from one of the user's own
 * addresses, and does it expect a reply at all (it went to someone who can
 * answer, and it is no list, bulk or automatic mail). Worked out once per
 * message from the decrypted headers and kept in `waiting_facts`; only the
 * messages the waiting query could list are looked at: within the lookback
 * window, the newest of their conversation, not classified yet.
 */
import { normalizeEmail } from "../../email-address.ts";
import { ownAddresses, withoutPlusTag } from "../../analysis/message-input.ts";
import { decryptText } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { messageBinding } from "../../inbox/message.ts";
import type { MailAddress, SelectedHeaders } from "../parse/types.ts";
import { FACTS_BATCH_SIZE, WAITING_LOOKBACK_DAYS } from "./limits.ts";

export interface WaitingFacts {
  fromOwn: boolean;
  expectsReply: boolean;
}

interface HeaderDocument {
  from?: MailAddress[];
  to?: MailAddress[];
  cc?: MailAddress[];
  headers?: SelectedHeaders;
}

/** Local parts nobody reads: no-reply senders, bounces, daemons. */
const NO_REPLY = /no[-_.]?reply|do[-_.]?not[-_.]?reply|^mailer-daemon$|^postmaster$|^bounces?(?:[-+.]|$)/i;

/** An address whose mail nobody answers. */
export function isNoReplyAddress(address: string): boolean {
  const local = address.slice(0, Math.max(0, address.lastIndexOf("@")));
  return NO_REPLY.test(local);
}

/** List, bulk or automatic mail (RFC 2369, RFC 3834, Precedence): nobody is expected to answer it. */
function isListOrAutomatic(headers: SelectedHeaders): boolean {
  if (headers["list-id"] || headers["list-unsubscribe"]) return true;
  if (/^\s*(list|bulk|junk)\b/i.test(headers.precedence ?? "")) return true;
  const auto = headers["auto-submitted"]?.trim().toLowerCase();
  return auto !== undefined && auto !== "" && !auto.startsWith("no");
}

/**
 * @example
 *   waitingFacts({ from: [{ name: "", address: "me@x.org" }], to: [{ name: "", address: "anna@y.org" }] }, ["me@x.org"])
 *   // { fromOwn: true, expectsReply: true }
 */
export function waitingFacts(document: HeaderDocument, own: string[]): WaitingFacts {
  const ownBare = new Set(own.map((address) => withoutPlusTag(normalizeEmail(address))));
  const isOwn = (address: string) => ownBare.has(withoutPlusTag(normalizeEmail(address)));
  const sender = document.from?.[0]?.address;
  const recipients = [...(document.to ?? []), ...(document.cc ?? [])].map((entry) => entry.address).filter((address) => address?.includes("@"));
  const someoneToAnswer = recipients.some((address) => !isOwn(address) && !isNoReplyAddress(address));
  return { fromOwn: sender ? isOwn(sender) : false, expectsReply: someoneToAnswer && !isListOrAutomatic(document.headers ?? {}) };
}

/**
 * Classifies the user's messages the waiting query could list and that
 * have no facts yet; returns how many were classified. A header that does
 * not decrypt counts as expecting no reply (the row is never listed).
 */
export async function classifyWaitingCandidates(sql: Sql, dataKey: SecretKey, userId: string): Promise<number> {
  // The ids in one query, then the headers batch by batch: an anti-join re-run per batch against a table that
  // grows during the loop is planned on the empty table's statistics and gets slower with every batch.
  const candidates = await sql<{ id: string }[]>`
    select m.id from messages m
    where m.user_id = ${userId} and m.orphaned_at is null and not m.draft
      and m.list_date > now() - make_interval(days => ${WAITING_LOOKBACK_DAYS})
      and not exists (select 1 from waiting_facts f where f.message_id = m.id)
      and not exists (
        select 1 from messages n
        where n.thread_id = m.thread_id and n.user_id = ${userId} and n.orphaned_at is null and not n.draft and (n.list_date, n.id) > (m.list_date, m.id))`;
  if (candidates.length === 0) return 0;
  const own = await ownAddresses(sql, dataKey, userId);
  for (let start = 0; start < candidates.length; start += FACTS_BATCH_SIZE) {
    const ids = candidates.slice(start, start + FACTS_BATCH_SIZE).map((row) => row.id);
    const rows = await sql<{ id: string; headers: Uint8Array }[]>`
      select id, headers_encrypted as headers from messages where id = any(${ids}::uuid[]) and user_id = ${userId}`;
    const facts = rows.map((row) => {
      try {
        return waitingFacts(JSON.parse(decryptText(dataKey, row.headers, messageBinding(userId, row.id, "message-headers"))) as HeaderDocument, own);
      } catch {
        return { fromOwn: false, expectsReply: false };
      }
    });
    await sql`
      insert into waiting_facts (message_id, user_id, from_own, expects_reply)
      select id, ${userId}, from_own = 1, expects_reply = 1
      from unnest(${rows.map((row) => row.id)}::uuid[], ${facts.map((fact) => (fact.fromOwn ? 1 : 0))}::int[], ${facts.map((fact) => (fact.expectsReply ? 1 : 0))}::int[])
        as t(id, from_own, expects_reply)
      on conflict (message_id) do nothing`;
  }
  return candidates.length;
}
