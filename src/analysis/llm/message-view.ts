/**
 * The message as the provider sees it: the headers that classify it and as
 * much of the body as the account allows, every value passed through the
 * anonymiser. Facts the provider needs but must not get in clear (is the user
 * addressed directly? does it answer the user's own mail?) are worked out
 * here and sent as yes/no lines instead of the user's addresses.
 */
import type { MailAddress } from "../../mail/parse/types.ts";
import type { AnalysisInput } from "../types.ts";
import type { Anonymiser } from "./anonymise.ts";
import { BODY_START_CHARS, FULL_BODY_CHARS, MAX_ADDRESSES_PER_HEADER, MAX_SUBJECT_CHARS } from "./limits.ts";
import type { LlmVisibility } from "./types.ts";

/** Body characters a visibility allows. */
export function bodyCharsFor(visibility: LlmVisibility): number {
  return visibility === "full" ? FULL_BODY_CHARS : visibility === "headers_body_start" ? BODY_START_CHARS : 0;
}

/** Everyone named in the headers, for the anonymiser's name list. */
export function peopleOf(inputs: AnalysisInput[]): MailAddress[] {
  return inputs.flatMap((input) => [...input.from, ...input.to, ...input.cc, ...input.replyTo]);
}

function addressLine(addresses: MailAddress[], anonymiser: Anonymiser): string {
  const shown = addresses.slice(0, MAX_ADDRESSES_PER_HEADER).map(({ name, address }) => anonymiser.text(name && address ? `${name} <${address}>` : name || address));
  const more = addresses.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` (and ${more} more)` : "");
}

/** How the user is addressed, from their own addresses (which are never sent). */
function addressedAs(input: AnalysisInput): string {
  const own = new Set(input.ownAddresses.map((address) => address.toLowerCase()));
  const has = (list: MailAddress[]) => list.some(({ address }) => own.has(address.toLowerCase()));
  if (has(input.from)) return "sent by the user";
  if (has(input.to)) return input.to.length === 1 ? "To: the user alone" : "To: the user among others";
  if (has(input.cc)) return "Cc: the user";
  return "not by address (list, Bcc or forward)";
}

/** Cuts at the limit, on a word boundary when one is near. */
function clip(text: string, limit: number): { text: string; cut: boolean } {
  const clean = text
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (clean.length <= limit) return { text: clean, cut: false };
  const head = clean.slice(0, limit);
  const space = head.lastIndexOf(" ");
  return { text: `${space > limit * 0.8 ? head.slice(0, space) : head} […]`, cut: true };
}

/**
 * Anonymised first, then cut: a cut first could leave half an address or
 * IBAN that no longer looks like one. Only a generous head is anonymised
 * (the body may be a megabyte), ending at whitespace so no value is split.
 */
function anonymised(text: string, limit: number, anonymiser: Anonymiser): { text: string; cut: boolean } {
  let head = text;
  if (head.length > limit * 3) {
    head = head.slice(0, limit * 3);
    const space = head.search(/\s\S*$/);
    if (space > limit) head = head.slice(0, space);
  }
  const result = clip(anonymiser.text(head), limit);
  return { text: result.text, cut: result.cut || head.length < text.length };
}

/**
 * @example
 *   renderMessage(input, { bodyChars: 1500, anonymiser: clearText })
 *   // "Subject: Rechnung 4711\nFrom: Anna <anna@example.org>\n…\nBody (start):\nHallo …"
 */
export function renderMessage(input: AnalysisInput, { bodyChars, anonymiser }: { bodyChars: number; anonymiser: Anonymiser }): string {
  const lines: string[] = [];
  const line = (label: string, value: string | undefined | null) => {
    if (value) lines.push(`${label}: ${value.replace(/\s*\n\s*/g, " ")}`);
  };
  line("Subject", anonymised(input.subject, MAX_SUBJECT_CHARS, anonymiser).text || "(none)");
  line("From", addressLine(input.from, anonymiser));
  line("Reply-To", addressLine(input.replyTo, anonymiser));
  line("To", addressLine(input.to, anonymiser));
  line("Cc", addressLine(input.cc, anonymiser));
  line("Date", input.date);
  line("Addressed to the user", addressedAs(input));
  line("Answers the user's own mail", input.repliesToOwnMail ? "yes" : "no");
  for (const [name, value] of Object.entries(input.headers)) {
    if (name === "return-path") continue; // an address, and From says more
    line(
      name.replace(/(^|-)\w/g, (c) => c.toUpperCase()),
      anonymiser.text(String(value).slice(0, 300)),
    );
  }
  line("Attachments", input.hasAttachments ? "yes" : "no");
  if (input.isCalendar) line("Calendar invitation", "yes");
  if (bodyChars > 0) {
    const body = anonymised(input.text, bodyChars, anonymiser);
    lines.push(`Body${body.cut ? ` (first ${bodyChars} characters)` : ""}:`, body.text || "(empty)");
  } else {
    lines.push("Body: (not shown: this mailbox shares only headers)");
  }
  return lines.join("\n");
}

/**
 * The text an embedding is made of: the subject and as much of the body as
 * the account allows (and at most `bodyChars`), through the same anonymiser
 * and cuts as the chat prompt, so it is never more than the chat would send.
 * Addresses and other headers are left out: they say who, not what about.
 *
 * @example
 *   renderForEmbedding(input, { bodyChars: 1500, anonymiser })
 *   // "Rechnung 4711\n\nHallo «PERSON_1», anbei …"
 */
export function renderForEmbedding(input: AnalysisInput, { bodyChars, anonymiser }: { bodyChars: number; anonymiser: Anonymiser }): string {
  const subject = anonymised(input.subject, MAX_SUBJECT_CHARS, anonymiser).text.replace(/\s*\n\s*/g, " ");
  const body = bodyChars > 0 ? anonymised(input.text, bodyChars, anonymiser).text : "";
  return [subject, body].filter(Boolean).join("\n\n");
}
