/**
 * A mail's plain text split into what the writer wrote and what they
 * quoted, so a conversation can show the new part and fold the rest away:
 *
 * - runs of lines starting with ">" (RFC 3676 quoting), with the
 *   attribution line just before them ("Am … schrieb …:", "On … wrote:");
 * - a tail that starts with such an attribution line or an Outlook
 *   separator ("-----Ursprüngliche Nachricht-----", "-----Original
 *   Message-----", "Von: …" after a rule) and runs to the end: clients that
 *   quote without ">" put the whole earlier mail there.
 *
 * Only the line structure is looked at; the text itself is returned
 * untouched, to be rendered escaped like any other mail text.
 */

export interface TextBlock {
  text: string;
  quoted: boolean;
}

/** "Am 3. Dez. 2026 um 10:00 schrieb Anna <anna@example.org>:", "On Tue, Dec 3, 2026 at 10:00 AM Anna <anna@example.org> wrote:". */
const ATTRIBUTION = /^\s*(?:am\s.{1,300}\sschrieb\s.{0,300}:|on\s.{1,300}\swrote:)\s*$/i;
/** "Anna schrieb:", "Anna wrote:": only taken as an attribution right above a ">" quote. */
const LOOSE_ATTRIBUTION = /^\s*.{1,200}\s(?:schrieb|wrote)(?:\sam\s.{1,200})?:\s*$/i;
const SEPARATOR = /^\s*-{3,}\s*(?:ursprüngliche nachricht|original message|weitergeleitete nachricht|forwarded message)\s*-{3,}\s*$/i;

const isQuoteLine = (line: string) => /^\s{0,3}>/.test(line);
/** An attribution or separator is one short line: longer ones are not tested, which also bounds the patterns' work on hostile text. */
const MAX_ATTRIBUTION_CHARS = 1_000;

export function splitQuotedText(text: string): TextBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: TextBlock[] = [];
  const push = (quoted: boolean, line: string) => {
    const last = blocks.at(-1);
    if (last && last.quoted === quoted) last.text += `\n${line}`;
    else blocks.push({ quoted, text: line });
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    // An attribution wrapped onto two lines ("Am …, schrieb" / "Anna <…>:") is tested joined.
    const next = lines[index + 1];
    if (line.length > MAX_ATTRIBUTION_CHARS) {
      push(isQuoteLine(line), line);
      continue;
    }
    const span =
      ATTRIBUTION.test(line) || LOOSE_ATTRIBUTION.test(line)
        ? 1
        : next !== undefined && next.length <= MAX_ATTRIBUTION_CHARS && line.trim() !== "" && !line.trim().endsWith(":") && ATTRIBUTION.test(`${line} ${next}`)
          ? 2
          : 0;
    const below = span ? lines.slice(index + span).find((rest) => rest.trim() !== "") : undefined;
    const strict = span === 2 || ATTRIBUTION.test(line);
    if (SEPARATOR.test(line) || (strict && (below === undefined || !isQuoteLine(below)))) {
      // A tail: the rest of the mail is the earlier one, quoted without ">".
      for (const rest of lines.slice(index)) push(true, rest);
      break;
    }
    if (span && below !== undefined && isQuoteLine(below)) {
      for (const part of lines.slice(index, index + span)) push(true, part);
      index += span - 1;
      continue;
    }
    push(isQuoteLine(line), line);
  }
  // Blank lines at the edges of a block are dropped, and blocks of blank lines with them.
  return blocks.map((block) => ({ ...block, text: block.text.replace(/^(?:[ \t]*\n)+|(?:\n[ \t]*)+$/g, "") })).filter((block) => block.text.trim() !== "");
}
