/**
 * UTF-8 mail read as Latin-1 or Windows-1252 somewhere on its way
 * ("vorÃ¼bergehend", "GrÃ¼ÃŸe", "â€“"): common in phishing sent through
 * careless kits, and it hides every German word the analyser looks for.
 * Each run of characters that is such a misread UTF-8 sequence is turned
 * back into the character it was; anything that does not decode as UTF-8
 * stays as it is. Only repaired when at least two runs are found, so a
 * single "Â©" in a legitimate Latin-1 text is left alone.
 *
 * @example repairMojibake("BestÃ¤tigen Sie Ihre IdentitÃ¤t") // "Bestätigen Sie Ihre Identität"
 */
import type { AnalysisInput } from "../types.ts";

/** Windows-1252's characters in 0x80–0x9F, by the byte they stand for. */
const CP1252: Record<string, number> = Object.fromEntries([..."€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ"].map((char, index) => [char, 0x80 + index]));
const CONTINUATION = String.raw`\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ`;
/** A lead byte of a two- to four-byte UTF-8 sequence, read as one character, and its continuation bytes. */
const MISREAD = new RegExp(`[\\u00C2-\\u00F4][${CONTINUATION}]{1,3}`, "g");
const MIN_RUNS = 2;

const byteOf = (char: string) => CP1252[char] ?? char.charCodeAt(0);
const decoder = new TextDecoder("utf-8", { fatal: true });

export function repairMojibake(text: string): string {
  const runs = text.match(MISREAD);
  if (!runs || runs.length < MIN_RUNS) return text;
  return text.replace(MISREAD, (run) => {
    try {
      return decoder.decode(Uint8Array.from(run, byteOf));
    } catch {
      return run;
    }
  });
}

/** The input with its subject, text and HTML repaired (the same object when nothing needed it). */
export function withoutMojibake(input: AnalysisInput): AnalysisInput {
  const subject = repairMojibake(input.subject);
  const text = repairMojibake(input.text);
  const html = input.html ? repairMojibake(input.html) : input.html;
  return subject === input.subject && text === input.text && html === input.html ? input : { ...input, subject, text, html };
}
