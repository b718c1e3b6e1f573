/**
 * What disguises a message's words from the analyser, undone before it
 * reads them: misread UTF-8 (below), invisible characters inside words
 * ("Pay\u200bPal", "l\u200bimited") and, in display names, Cyrillic and Greek
 * letters that look Latin ("Ѕparkasse" with a Cyrillic Ѕ).
 *
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

/** Zero-width spaces and joiners, the word joiner, the soft hyphen and the BOM: invisible, and splitting words. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const withoutInvisible = (text: string) => text.replace(INVISIBLE, "");

/** Cyrillic and Greek letters drawn like Latin ones, as phishing puts them into a brand's name. */
const LOOKALIKE_LETTERS: Record<string, string> = Object.fromEntries(
  [..."АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁһԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαν"].map((char, index) => [char, "ABESIJKMHOPCTXYaeijopcxysdhqwABEZHIKMNOPTYXoav"[index]!]),
);
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKE_LETTERS).join("")}]`, "g");

/** A display name with its look-alike letters read as the Latin ones, unless the name is written in that script. */
function plainName(name: string): string {
  const folded = withoutInvisible(name);
  const latin = (folded.match(/[A-Za-z]/g) ?? []).length;
  return latin > 0 ? folded.replace(LOOKALIKE, (char) => LOOKALIKE_LETTERS[char]!) : folded;
}

const cleanText = (text: string) => withoutInvisible(repairMojibake(text));

/** The input with its subject, text, HTML and sender names cleaned (the same object when nothing needed it). */
export function cleanInput(input: AnalysisInput): AnalysisInput {
  const subject = cleanText(input.subject);
  const text = cleanText(input.text);
  const html = input.html ? cleanText(input.html) : input.html;
  const names = input.from.map((address) => plainName(address.name));
  const from = names.some((name, index) => name !== input.from[index]!.name) ? input.from.map((address, index) => ({ ...address, name: names[index]! })) : input.from;
  return subject === input.subject && text === input.text && html === input.html && from === input.from ? input : { ...input, subject, text, html, from };
}
