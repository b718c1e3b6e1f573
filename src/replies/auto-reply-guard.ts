/**
 * RFC 3834 ("Recommendations for Automatic Responses to Electronic Mail"):
 * which mail must never get an automatic answer. Automatic answers go to
 * people, not to machines, lists or the user's own mailboxes: answering an
 * auto-reply, a bounce or a list starts a loop or spams many people at once.
 *
 * The product sends nothing without the user's click; this guard decides
 * whether a reply proposal is offered ready-made, and any future automatic
 * answer (out-of-office, rules) must ask it first.
 */
import type { MailAddress, SelectedHeaders } from "../mail/parse/types.ts";

export const AUTO_REPLY_REFUSALS = ["auto_submitted", "list", "bulk", "own_address", "no_reply_address", "bounce"] as const;
export type AutoReplyRefusal = (typeof AUTO_REPLY_REFUSALS)[number];
export type AutoReplyVerdict = { ok: true } | { ok: false; reason: AutoReplyRefusal };

export interface GuardHeaders {
  from: MailAddress[];
  replyTo?: MailAddress[];
  /** Header fields keyed by lower-case name (first occurrence), e.g. from headerFieldsOf. */
  fields: Record<string, string | undefined>;
}

/** Local parts of machine senders: bounces (RFC 3834 §2, RFC 5321 §4.5.1) and addresses that take no answers. */
const BOUNCE_LOCAL_PARTS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|bounce[-+.].*|.*[-+.]bounces?)$/i;
const NO_REPLY_LOCAL_PARTS = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|noreply[-_.+].*|no[-_.]reply[-_.+].*|notifications?[-_.]?noreply)$/i;

/** The fields the guard reads that SelectedHeaders does not keep (src/mail/parse/types.ts). */
const EXTRA_FIELDS = ["list-post", "list-help", "list-subscribe", "x-auto-response-suppress", "x-autoreply", "x-autorespond", "x-loop"] as const;

/**
 * The guard's fields from what the store keeps: the selected headers, plus
 * the few others read out of the raw header block (unfolded, first
 * occurrence).
 *
 * @example
 *   headerFieldsOf({ "list-id": "<team.example.org>" }, "List-Post: <mailto:team@example.org>\r\n")
 *   // { "list-id": "<team.example.org>", "list-post": "<mailto:team@example.org>" }
 */
export function headerFieldsOf(selected: SelectedHeaders, rawHeaders: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(selected)) if (typeof value === "string") fields[name] = value;
  const unfolded = rawHeaders.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if ((EXTRA_FIELDS as readonly string[]).includes(name) && fields[name] === undefined) fields[name] = line.slice(colon + 1).trim();
    if (name === "return-path" && fields[name] === undefined) fields[name] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** An address for comparing: lower case, without a plus tag ("Anna+Shop@X.org" is anna@x.org). */
export function comparableAddress(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/\+[^@]*@/, "@");
}

const localPart = (address: string) => address.trim().toLowerCase().split("@")[0] ?? "";

/**
 * @param ownAddresses the user's own addresses (sign-in address, the mailboxes' addresses)
 * @example
 *   mayAnswerAutomatically({ from: [{ name: "", address: "anna@example.org" }], fields: { "auto-submitted": "auto-replied" } }, ["me@example.org"])
 *   // { ok: false, reason: "auto_submitted" }
 */
export function mayAnswerAutomatically(headers: GuardHeaders, ownAddresses: string[]): AutoReplyVerdict {
  const field = (name: string) => headers.fields[name]?.trim();
  const autoSubmitted = field("auto-submitted")?.toLowerCase();
  // RFC 3834 §5: anything but "no" (parameters after ";" aside) is automatic.
  if (autoSubmitted && autoSubmitted.split(";")[0]!.trim() !== "no") return { ok: false, reason: "auto_submitted" };
  // Microsoft's way of saying "send no auto-responses to this" (OOF, AutoReply, All).
  const suppress = field("x-auto-response-suppress")?.toLowerCase();
  if (suppress && suppress !== "none") return { ok: false, reason: "auto_submitted" };
  if (field("x-autoreply") || field("x-autorespond")) return { ok: false, reason: "auto_submitted" };
  const precedence = field("precedence")?.toLowerCase();
  if (precedence === "auto_reply") return { ok: false, reason: "auto_submitted" };
  if (field("list-id") || field("list-unsubscribe") || field("list-post") || precedence === "list") return { ok: false, reason: "list" };
  if (precedence === "bulk" || precedence === "junk") return { ok: false, reason: "bulk" };

  const senders = [...headers.from, ...(headers.replyTo ?? [])].map((entry) => entry.address).filter(Boolean);
  const returnPath = field("return-path");
  // An empty reverse path (<>) marks a bounce or another message that must not be answered (RFC 5321 §4.5.5).
  if ((returnPath !== undefined && /^<\s*>$/.test(returnPath)) || senders.some((address) => BOUNCE_LOCAL_PARTS.test(localPart(address)))) return { ok: false, reason: "bounce" };
  if (senders.length === 0 || senders.some((address) => NO_REPLY_LOCAL_PARTS.test(localPart(address)))) return { ok: false, reason: "no_reply_address" };

  const own = new Set(ownAddresses.map(comparableAddress));
  if (senders.some((address) => own.has(comparableAddress(address)))) return { ok: false, reason: "own_address" };
  return { ok: true };
}
