/**
 * Who a reply goes to. Reply: the Reply-To, else the From. Reply all: that,
 * plus the original's To and Cc, less the user's own addresses (a plus tag
 * does not hide one: "me+shop@x" is "me@x") and less duplicates. A reply to
 * the user's own mail (a copy from Sent) goes to whom it was sent to, as
 * mail clients do.
 */
import { normalizeEmail } from "../../email-address.ts";
import type { MailAddress } from "../parse/types.ts";

export type ReplyMode = "reply" | "reply_all";

export interface ReplyOriginal {
  from: MailAddress[];
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
}

/** An address as compared: lower case, without a plus tag. */
export const addressKey = (address: string) => normalizeEmail(address).replace(/\+[^@]*@/, "@");

/** Mailboxes with an address, each address once (the first spelling wins), minus those `except` holds. */
function distinct(mailboxes: MailAddress[], except: Set<string>): MailAddress[] {
  const seen = new Set(except);
  const kept: MailAddress[] = [];
  for (const mailbox of mailboxes) {
    const address = mailbox.address.trim();
    if (!address.includes("@")) continue;
    const key = addressKey(address);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push({ name: mailbox.name.trim(), address });
  }
  return kept;
}

/**
 * @example
 *   replyRecipients({ from: [anna], replyTo: [], to: [me, carl], cc: [] }, "reply_all", ["me@example.org"])
 *   // { to: [anna], cc: [carl] }
 */
export function replyRecipients(original: ReplyOriginal, mode: ReplyMode, ownAddresses: string[]): { to: MailAddress[]; cc: MailAddress[] } {
  const own = new Set(ownAddresses.map(addressKey));
  const sender = original.replyTo.some((mailbox) => mailbox.address.includes("@")) ? original.replyTo : original.from;
  const fromSelf = sender.length > 0 && sender.every((mailbox) => own.has(addressKey(mailbox.address)));
  let to = distinct(fromSelf ? original.to : sender, own);
  // Mail the user sent only to themselves: answer themselves.
  if (to.length === 0) to = distinct(sender, new Set());
  if (mode === "reply") return { to, cc: [] };
  const taken = new Set([...own, ...to.map((mailbox) => addressKey(mailbox.address))]);
  const cc = distinct(fromSelf ? original.cc : [...original.to, ...original.cc], taken);
  return { to, cc };
}

/** A mailbox as a header writes it: `Name <a@b>`, the name quoted when it holds specials; the bare address without a name. */
export function formatMailbox(mailbox: MailAddress): string {
  const name = mailbox.name.trim();
  if (!name || name === mailbox.address) return mailbox.address;
  const quoted = /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/["\\]/g, "\\$&")}"` : name;
  return `${quoted} <${mailbox.address}>`;
}

/**
 * A comma-separated address field as typed ("Anna <a@x>, b@y") split into
 * its entries; commas inside quotes or angle brackets do not split.
 */
export function splitAddressList(value: string): string[] {
  const entries: string[] = [];
  let current = "";
  let quoted = false;
  let angle = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (char === "<" && !quoted) angle = true;
    else if (char === ">" && !quoted) angle = false;
    if ((char === "," || char === ";" || char === "\n") && !quoted && !angle) {
      if (current.trim()) entries.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) entries.push(current.trim());
  return entries;
}

/** The address of an entry: inside <…> if given, else the entry itself. */
export function entryAddress(entry: string): string {
  const match = /<([^<>]*)>\s*$/.exec(entry);
  return (match ? match[1]! : entry).trim();
}

/** A plausible address: one @, something either side, no spaces or brackets. */
export function isPlausibleAddress(address: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(address);
}
