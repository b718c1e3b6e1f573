/**
 * The part of a mail its writer wrote this time: without the quoted
 * message below ("> …" lines, "Am … schrieb …:", "On … wrote:", Outlook's
 * "-----Original Message-----" or "Von: … Gesendet: …" block) and without
 * the writer's signature after "-- ". Address form, questions and dates are
 * read from it: a "Sie" or a question in the quote is someone else's.
 */

/** A line where a quoted earlier message begins; everything from it on is dropped. */
const QUOTE_HEADERS = [
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht|weitergeleitete nachricht|forwarded message)\s*-{2,}/i,
  /^\s*(am|on)\s.{3,200}\s(schrieb|wrote|hat geschrieben)\s*.{0,80}:\s*$/i,
  /^\s*.{3,200}\s(schrieb|wrote)\s*:\s*$/i,
  /^\s*(von|from)\s*:\s*.+$/i,
];

/** Where a "Von:/From:" line starts a quoted header block (it needs a "Gesendet:/Sent:/Datum:/Date:" soon after). */
function startsHeaderBlock(lines: string[], index: number): boolean {
  return lines.slice(index + 1, index + 4).some((line) => /^\s*(gesendet|sent|datum|date|an|to|betreff|subject)\s*:/i.test(line));
}

/**
 * @example
 *   ownText("Hallo Max,\nkannst du kommen?\n\nAm 3. März schrieb Anna:\n> Können Sie mir helfen?")
 *   // "Hallo Max,\nkannst du kommen?"
 */
export function ownText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === "-- " || line === "--") break;
    const header = QUOTE_HEADERS.findIndex((pattern) => pattern.test(line));
    if (header >= 0 && (header !== 3 || startsHeaderBlock(lines, index))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

/**
 * The sentences that ask something: those ending in "?" in the writer's own
 * text, each once, trimmed, at most `limit`.
 *
 * @example
 *   askedQuestions("Hallo. Kommst du am Freitag? Bring Kuchen mit.") // ["Kommst du am Freitag?"]
 */
export function askedQuestions(text: string, limit = 3): string[] {
  const found: string[] = [];
  // A sentence ends at . ! ? followed by a space or a line end: "12.03.2026" and "z.B." stay inside one.
  for (const raw of ownText(text).split(/(?<=[.!?])\s+(?=[\p{Lu}"„“])|\n+/u)) {
    const sentence = raw
      .replace(/\s+/g, " ")
      .trim()
      // The salutation before the first sentence is no part of the question.
      .replace(/^(hallo|hi|hey|moin|servus|liebe[rs]?|dear|hello)\s+[^,!]{1,40}[,!]\s*/i, "");
    // "?" alone, or a link's query string, is no question.
    if (!sentence.endsWith("?") || sentence.length < 4 || !/\p{L}{2,}/u.test(sentence)) continue;
    if (!found.includes(sentence)) found.push(sentence);
    if (found.length >= limit) break;
  }
  return found;
}
