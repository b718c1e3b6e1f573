/**
 * A short extractive summary: the first meaningful sentence or two of the
 * sender's own text (quoted replies, signatures, greetings, closings and
 * link-only lines skipped), at most SUMMARY_CHARS characters, cut at a word.
 *
 * Sentences come from `Intl.Segmenter`, after the dots that do not end a
 * sentence are masked: German and English abbreviations (z. B., bzw., Nr.,
 * Dr., e.g.), ordinals and dates ("11. Dezember", "am 3. 12."), URLs and
 * e-mail addresses. HTML newsletters reach the analyser as html-to-text
 * output (src/mail/parse/html-text.ts), so its link annotations
 * ("entdecken [https://…]"), upper-cased headings and invisible preheader
 * padding are taken out first.
 *
 * @example
 * extractSummary("Hallo Anna,\n\nam 11. Dezember ist die Nachzahlung von 204,00 EUR fällig.\n\nViele Grüße")
 * // "Am 11. Dezember ist die Nachzahlung von 204,00 EUR fällig."
 */
import { ownText } from "./cues.ts";
import { detectLanguage } from "./language.ts";
import { maskNonTerminalDots } from "./sentence-mask.ts";

export const SUMMARY_CHARS = 200;
/** A summary shorter than this takes the next sentence too. */
const SHORT_SUMMARY = 80;
/** The sender's text read for a summary; the summary is taken from its start. */
const OWN_TEXT_CHARS = 3_000;
/**
 * Text handed to the segmenter: two summaries' worth and some. One
 * `segment()` call per message; measured in Bun 1.4, a summary costs about
 * 20 µs of CPU (a new segmenter would add about 15 µs, hence the cache).
 */
const SEGMENT_CHARS = 2 * SUMMARY_CHARS + 200;

const GREETING_WORDS = String.raw`hallo|hi|hey|moin|servus|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend)|dear|hello|good (?:morning|afternoon|evening)|greetings|hoi|beste`;
/** A title's dot may stand in a greeting ("Dear Ms. Brown,"). */
const TITLE_DOT = String.raw`(?<=\b(?:ms|mrs|mr|dr|prof|hr|fr))\.`;
const GREETING = new RegExp(String.raw`^(?:${GREETING_WORDS})\b(?:[^.!?\n]|${TITLE_DOT}){0,60}[,!:]?\s*$`, "iu");
/** "Hi Anna, could you…": the greeting in front of the first sentence. */
const GREETING_PREFIX = new RegExp(String.raw`^(?:${GREETING_WORDS})\b(?:[^.!?,\n]|${TITLE_DOT}){0,40}[,!]\s+(?=\S)`, "iu");
/**
 * "Am 12.03.2025 um 09:14 schrieb Anna Beispiel <anna@example.org>:": a
 * quote follows. ownText knows the forms that end in "schrieb:"; mail
 * clients also put the name after it.
 */
const ATTRIBUTION = /^(?:am|on) .{4,200}\b(?:schrieb|wrote)\b.{0,160}:$/iu;
/** A short line without a sentence's punctuation after the text: a sign-off ("Ihr Praxisteam", "The Example Store team"). */
const SIGN_OFF = /^(?:\S+\s){0,3}\S+$/u;
/** A closing formula: the sender's text ends here. Thanks open many a notification ("Vielen Dank für Ihre Bestellung."), so only a bare thank-you closes. */
const CLOSING =
  /^(?:mit (?:freundlichen|besten|herzlichen) grüßen|(?:viele|beste|liebe|freundliche|herzliche|schöne) grüße|lieben gruß|gruß|grüße|mfg|lg|vg|best regards|kind regards|warm regards|regards|best wishes|sincerely|cheers|gesendet von meinem|sent from my|(?:vielen dank|danke(?: schön)?|thanks|thank you|many thanks|best)(?:\s+(?:und|and)\s+[^.!?]{0,30})?[\s,.!]*$)/iu;
/** Lines that are no one's sentence: only punctuation, a bare URL, an [image], "view in browser", "unsubscribe". */
const NOISE =
  /^(?:[\s\W_]*|(?:https?:\/\/|www\.)\S+|\[[^\]]*\]|.*(?:unsubscribe|abmelden|abbestellen|view (?:it |this (?:e-?mail |post |newsletter |issue )?)?(?:in|on) (?:your |a |the )?(?:browser|web)|(?:im|in ihrem|in deinem) browser (?:anzeigen|ansehen|öffnen|lesen)|online ansehen|web-?version|nicht (?:richtig|korrekt) angezeigt|trouble viewing|display(?:ed)? (?:properly|correctly)).*)$/iu;
/** html-to-text writes a link's or image's address after its text: "entdecken [https://shop.de/herbst]". */
const LINK_ANNOTATION = /\s?\[(?:https?|mailto|tel|cid|data):[^\]\s]*\]/giu;
/** Zero-width characters, soft hyphens and the combining grapheme joiner newsletters pad their preheader with. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible character is matched on its own, joiners included
const INVISIBLE = /[\u00ad\u034f\u200b-\u200d\u2060\ufeff]/gu;
/** A heading html-to-text upper-cased ("NEU IM SHOP"): letters, none of them lower case. */
const HEADING = /^(?=(?:[^\p{L}]*\p{Lu}){2})[^\p{Ll}]*$/u;

const segmenters = new Map<string, Intl.Segmenter>();

/** One segmenter per locale, built on first use and kept. */
function sentenceSegmenter(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * `language` picks the segmenter's locale (the analyser's detected
 * language); without it the text's own language is detected.
 */
export function extractSummary(text: string, language?: string | null): string {
  const flowing = readableText(ownText(text, OWN_TEXT_CHARS));
  if (!flowing) return "";
  const locale = language ?? detectLanguage("", flowing) ?? "de";
  let summary = "";
  for (const sentence of sentences(flowing, locale)) {
    const next = summary ? `${summary} ${sentence}` : sentence;
    if (next.length > SUMMARY_CHARS) {
      if (!summary) summary = cutAtWord(sentence, SUMMARY_CHARS);
      break;
    }
    summary = next;
    if (summary.length >= SHORT_SUMMARY) break;
  }
  return summary;
}

/**
 * The sender's lines as paragraphs ("\n" between them, lines within one
 * joined), without greetings, headings, noise and what follows a closing;
 * at most SEGMENT_CHARS characters.
 */
function readableText(own: string): string {
  const paragraphs: string[] = [];
  let paragraph: string[] = [];
  let length = 0;
  const endParagraph = () => {
    if (paragraph.length > 0) paragraphs.push(paragraph.join(" "));
    paragraph = [];
  };
  for (const raw of own.split("\n")) {
    const line = raw.replace(INVISIBLE, "").replace(LINK_ANNOTATION, "").replace(/\s+/gu, " ").trim();
    if (!line) {
      endParagraph();
      continue;
    }
    if (CLOSING.test(line) || ATTRIBUTION.test(line)) break;
    if (GREETING.test(line) || NOISE.test(line) || HEADING.test(line)) {
      endParagraph();
      continue;
    }
    paragraph.push(line);
    length += line.length + 1;
    if (length >= SEGMENT_CHARS) break;
  }
  endParagraph();
  const joined = paragraphs.join("\n");
  return joined.length > SEGMENT_CHARS ? joined.slice(0, joined.lastIndexOf(" ", SEGMENT_CHARS) + 1 || SEGMENT_CHARS).trimEnd() : joined;
}

/** The sentences of `text`, trimmed and capitalised, a leading greeting taken off the first; noise, bare greetings and sign-offs skipped. */
function* sentences(text: string, locale: string): Generator<string> {
  let first = true;
  // Masking swaps single characters, so the segments' indexes are the original text's.
  for (const { index, segment } of sentenceSegmenter(locale).segment(maskNonTerminalDots(text))) {
    let sentence = text
      .slice(index, index + segment.length)
      .replace(/\s+/gu, " ")
      .trim();
    if (!sentence || NOISE.test(sentence) || GREETING.test(sentence)) continue;
    if (first) {
      const greeting = GREETING_PREFIX.exec(sentence);
      if (greeting) sentence = sentence.slice(greeting[0].length);
      first = false;
    } else if (SIGN_OFF.test(sentence) && !/[.!?…:]$/u.test(sentence)) continue;
    // After "Hallo Anna," a German letter goes on in lower case; in a summary it starts a sentence.
    yield capitalise(sentence);
  }
}

/** Upper-cases a first word written all in lower case ("am" → "Am"; "iPhone" stays). */
const capitalise = (text: string) => (/^\p{Ll}+(?![\p{L}\d])/u.test(text) ? text.charAt(0).toLocaleUpperCase() + text.slice(1) : text);

function cutAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
