/**
 * Dates the writer mentions in their own text ("am 12.03.2026 um 14 Uhr",
 * "Freitag, 14. März", "on March 14 at 2 pm"), as they wrote them: a
 * template repeats the phrase to confirm or decline an appointment, and
 * never guesses a calendar date from it.
 */
import { ownText } from "./own-text.ts";

const MONTHS_DE =
  "Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\\.|Feb\\.|Mär\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\.";
const MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
const WEEKDAYS_DE = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag";
const WEEKDAYS_EN = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

const TIME = `(?:\\s*(?:,\\s*)?(?:um|ab|gegen|at|from|von)\\s+\\d{1,2}(?:[:.]\\d{2})?\\s*(?:Uhr|h|am|pm|a\\.m\\.|p\\.m\\.)?)?`;

const DATE_PATTERNS: readonly RegExp[] = [
  // 12.03.2026, 12.3., Freitag, 12.03.
  new RegExp(`(?:(?:${WEEKDAYS_DE}),?\\s+(?:den\\s+)?)?\\b\\d{1,2}\\.\\s?\\d{1,2}\\.(?:\\d{2,4}\\b)?${TIME}`, "u"),
  // 14. März 2026, Freitag, 14. März
  new RegExp(`(?:(?:${WEEKDAYS_DE}),?\\s+(?:den\\s+)?)?\\b\\d{1,2}\\.\\s?(?:${MONTHS_DE})(?:\\s+\\d{4})?${TIME}`, "u"),
  // 2026-03-14
  new RegExp(`\\b\\d{4}-\\d{2}-\\d{2}\\b${TIME}`, "u"),
  // March 14, 2026 / Friday, March 14 / 14 March
  new RegExp(`(?:(?:${WEEKDAYS_EN}),?\\s+)?\\b(?:${MONTHS_EN})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?${TIME}`, "u"),
  new RegExp(`(?:(?:${WEEKDAYS_EN}),?\\s+)?\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS_EN})(?:\\s+\\d{4})?${TIME}`, "u"),
  // am Freitag um 10 Uhr / on Friday at 10 am
  new RegExp(`\\b(?:am\\s+(?:${WEEKDAYS_DE})|(?:next\\s+|on\\s+)(?:${WEEKDAYS_EN}))${TIME}`, "u"),
];

const APPOINTMENT_WORDS = /\b(termin\w*|treffen|besprechung\w*|meeting|appointment|call|telefonat|gespräch|vorstellungsgespräch|sitzung|workshop|einladung|invitation)\b/iu;

export interface MentionedDate {
  /** The phrase as the writer wrote it, e.g. "Freitag, 14. März um 10 Uhr". */
  phrase: string;
  /** The text speaks of an appointment (Termin, Meeting …), not only of a date. */
  appointment: boolean;
}

/**
 * The first date phrase in the writer's own text, or undefined.
 *
 * @example
 *   firstMentionedDate("Passt Ihnen der Termin am 12.03.2026 um 14 Uhr?") // { phrase: "12.03.2026 um 14 Uhr", appointment: true }
 */
export function firstMentionedDate(text: string): MentionedDate | undefined {
  const own = ownText(text);
  const matches = DATE_PATTERNS.flatMap((pattern) => {
    const match = pattern.exec(own);
    return match ? [{ index: match.index, phrase: match[0] }] : [];
  }).sort((a, b) => a.index - b.index);
  let best = matches[0];
  // Of phrases that overlap the first one ("on Friday" in "on Friday, March 14"), the longest.
  for (const match of matches.slice(1)) if (best && match.index < best.index + best.phrase.length && match.phrase.length > best.phrase.length) best = match;
  if (!best) return undefined;
  return { phrase: best.phrase.replace(/\s+/g, " ").trim(), appointment: APPOINTMENT_WORDS.test(own) };
}
