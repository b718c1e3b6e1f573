/**
 * The original under a reply or a forward, in the user's UI language: a
 * reply quotes the text part line by line ("> ") under an attribution line
 * ("Am 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@…>:"); a
 * forward puts the original's header block (Von/An/Datum/Betreff) above its
 * text, unquoted.
 */
import { t, type Lang } from "../../i18n/messages.ts";
import type { MailAddress } from "../parse/types.ts";
import { formatMailbox } from "./recipients.ts";

export interface QuotedOriginal {
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** When it was sent (its Date header), else received; null when neither is known. */
  date: Date | null;
  /** Its text part (or the text of its HTML). */
  text: string;
}

const LOCALES: Record<Lang, string> = { de: "de-DE", en: "en-GB" };

/** "3. Dezember 2026" / "3 December 2026" and "14:05", in the user's time zone. */
function dayAndTime(date: Date, lang: Lang, timeZone: string): { day: string; time: string } {
  const locale = LOCALES[lang];
  return {
    day: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone }).format(date),
    time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(date),
  };
}

const addressLine = (mailboxes: MailAddress[]) => mailboxes.map(formatMailbox).join(", ");

/**
 * @example
 *   attribution("de", "Europe/Berlin", { from: [anna], date: new Date("2026-12-03T13:05:00Z"), … })
 *   // "Am 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@example.org>:"
 */
export function attribution(lang: Lang, timeZone: string, original: Pick<QuotedOriginal, "from" | "date">): string {
  const sender = addressLine(original.from) || t(lang, "compose.quote.unknownSender");
  if (!original.date) return t(lang, "compose.quote.wroteUndated", { sender });
  return t(lang, "compose.quote.wrote", { ...dayAndTime(original.date, lang, timeZone), sender });
}

/** Each line behind "> " (">" alone for an empty one; already quoted lines get one more ">"), trailing blank lines dropped. */
export function quoteLines(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\s+$/, "").split("\n");
  return lines.map((line) => (line === "" ? ">" : line.startsWith(">") ? `>${line}` : `> ${line}`)).join("\n");
}

/** A reply's body before the user writes: two empty lines to write in, the attribution and the quote. */
export function replyBody(lang: Lang, timeZone: string, original: QuotedOriginal): string {
  return `\n\n${attribution(lang, timeZone, original)}\n${quoteLines(original.text)}\n`;
}

/** A forward's body: room to write, the original's header block, its text. */
export function forwardBody(lang: Lang, timeZone: string, original: QuotedOriginal): string {
  const rows: string[] = [`${t(lang, "compose.forward.from")}: ${addressLine(original.from)}`];
  if (original.date) {
    const { day, time } = dayAndTime(original.date, lang, timeZone);
    rows.push(`${t(lang, "compose.forward.date")}: ${t(lang, "compose.forward.dateValue", { day, time })}`);
  }
  rows.push(`${t(lang, "compose.forward.subject")}: ${original.subject}`);
  if (original.to.length > 0) rows.push(`${t(lang, "compose.forward.to")}: ${addressLine(original.to)}`);
  if (original.cc.length > 0) rows.push(`${t(lang, "compose.forward.cc")}: ${addressLine(original.cc)}`);
  const text = original.text.replace(/\r\n?/g, "\n").replace(/\s+$/, "");
  return `\n\n${t(lang, "compose.forward.separator")}\n${rows.join("\n")}\n\n${text}\n`;
}
