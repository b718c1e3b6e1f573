/**
 * Words for the blind search index, and for a search query, cut the same
 * way: Unicode NFKC, lower case, split at anything that is not a letter or a
 * digit. Each word is indexed as written ("müller") and in its two ASCII
 * spellings ("mueller", "muller"), so a search typed either way finds it.
 * Addresses fall apart into their parts ("anna", "schmidt", "example", "org").
 */
import { MAX_SEARCH_WORD_CHARS, MIN_SEARCH_WORD_CHARS } from "./limits.ts";

/** German transliteration: how people type umlauts on a keyboard without them. */
const GERMAN_FOLDS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/** The words of a text, normalised, each once, in order of first appearance. */
export function words(text: string): string[] {
  const seen = new Set<string>();
  for (const word of text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    // Longer "words" are base64, hashes or URLs run together: nobody searches for them.
    if (word.length >= MIN_SEARCH_WORD_CHARS && word.length <= MAX_SEARCH_WORD_CHARS) seen.add(word);
  }
  return [...seen];
}

/** "müller" → ["müller", "mueller", "muller"]; an ASCII word → itself. */
export function spellings(word: string): string[] {
  if (/^[\x00-\x7f]*$/.test(word)) return [word];
  const german = word.replace(/[äöüß]/g, (letter) => GERMAN_FOLDS[letter]!);
  const plain = word.replace(/ß/g, "ss").normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  return [...new Set([word, german, plain])];
}
