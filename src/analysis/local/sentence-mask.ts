/**
 * Masks the full stops (and the "?" and "!" of URLs) that do not end a
 * sentence, so a sentence segmenter does not split there: Unicode's rules
 * (UAX #29) break after "Nr. " or "am 11. " before a capital letter, and
 * after the "?" of a query string. Each masked character is replaced by one
 * other character, so indexes into the masked text are indexes into the
 * original.
 *
 * @example
 * maskNonTerminalDots("Am 11. Dezember, z. B. bei Dr. Meier.")
 * // "Am 11_ Dezember, z_ B_ bei Dr_ Meier."
 */

/** Not a sentence terminator in UAX #29 (U+2024 ONE DOT LEADER would be). */
const MASK = "_";

const MONTHS = "januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december";
const MONTH_ABBREVIATIONS = "jan|feb|febr|mär|mrz|apr|jun|jul|aug|sep|sept|okt|oct|nov|dez|dec";
/** Nouns a German ordinal stands in front of ("zum 2. Mal", "im 3. Stock"). */
const ORDINAL_NOUNS =
  "mal|platz|stock|og|etage|obergeschoss|klasse|jahrhundert|quartal|woche|kalenderwoche|kw|tag|monat|jahr|lebensjahr|advent|mahnung|semester|auflage|runde|liga|bundesliga|sitzung|halbjahr|hälfte|reihe|kapitel|teil|preis";
/** Abbreviations that are never a sentence's last word in practice. */
const ABBREVIATIONS = [
  // German
  "bzw|bzgl|ca|ggf|ggfs|evtl|inkl|zzgl|exkl|nr|str|dr|hr|hrn|fr|frl|prof|dipl|ing|vgl|tel|mob|abs|abt|anl|betr|bspw|geb|gem|sog|mio|mrd|tsd|max|min|mind|zzt|zz|lt|urspr|verh|vorm|nachm|allg|jh|jhd|st",
  // English
  "e\\.g|i\\.e|etc|mr|mrs|ms|jr|sr|vs|approx|dept|inc|ltd|corp|co|a\\.m|p\\.m",
].join("|");
/** "Mo." to "So.": only in a date or an opening-hours context, as "so." and "do." are words too. */
const WEEKDAYS = "mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun";

const NOT_LETTER = String.raw`(?<![\p{L}\d])`;
const PATTERNS: RegExp[] = [
  // URLs and e-mail addresses: every ".", "?" and "!" inside; a trailing full stop stays the sentence's.
  /(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]]/giu,
  /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/gu,
  // "z. B.", "u. a.", "d. h.", "i. A.", "o. ä.", "z. Hd.".
  new RegExp(String.raw`${NOT_LETTER}\p{L}\.\s?\p{L}{1,2}\.`, "gu"),
  new RegExp(String.raw`${NOT_LETTER}(?:${ABBREVIATIONS})\.`, "giu"),
  // "No. 5", "Jan. 2026", "3. Jan.", "Mo. 9–17 Uhr".
  new RegExp(String.raw`${NOT_LETTER}no\.(?=\s?\d)`, "giu"),
  new RegExp(String.raw`${NOT_LETTER}(?:${MONTH_ABBREVIATIONS})\.(?=\s?\d)|(?<=\d\.?\s?)(?:${MONTH_ABBREVIATIONS})\.`, "giu"),
  new RegExp(String.raw`${NOT_LETTER}(?:${WEEKDAYS})\.(?=\s?(?:\d|,|-|–|bis\b|und\b|(?:${WEEKDAYS})\.))`, "giu"),
  // Ordinals and dates: "11. Dezember", "am 3. 12.", "zum 2. Mal", "3. und 4."; a bare "12." before a capital may end a sentence.
  /(?<![\d.,])\d{1,2}\.(?=\s?(?:\d|\p{Ll}))/gu,
  new RegExp(String.raw`(?<![\d.,])\d{1,2}\.(?=\s?(?:${MONTHS}|${ORDINAL_NOUNS})(?![\p{L}]))`, "giu"),
  // An initial in a name: "Anna M. Schmidt".
  /(?<=\p{Lu}\p{Ll}+\s)\p{Lu}\.(?=\s\p{Lu}\p{Ll})/gu,
];

export function maskNonTerminalDots(text: string): string {
  let masked = text;
  for (const pattern of PATTERNS) masked = masked.replace(pattern, (match) => match.replace(/[.?!]/g, MASK));
  return masked;
}
