/**
 * A short extractive summary: the first meaningful sentence or two of the
 * sender's own text (greetings, quoted text, signatures and link-only lines
 * skipped), at most SUMMARY_CHARS characters, cut at a word.
 */
import { ownText } from "./cues.ts";

export const SUMMARY_CHARS = 200;
const GREETING = /^(?:hallo|hi|hey|moin|servus|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend)|dear|hello|good (?:morning|afternoon|evening)|greetings)\b[^.!?\n]{0,60}[,!:]?\s*$/iu;
const CLOSING = /^(?:mit freundlichen grüßen|viele grüße|beste grüße|liebe grüße|freundliche grüße|gruß|grüße|mfg|lg|vg|best regards|kind regards|regards|best|cheers|thanks|thank you|danke|vielen dank)\b/iu;
const NOISE = /^(?:[\s\W_]*|https?:\/\/\S+|\[[^\]]*\]|.*(?:unsubscribe|abmelden|view (?:it )?in (?:your )?browser|im browser (?:anzeigen|ansehen)).*)$/iu;

export function extractSummary(text: string): string {
  const lines: string[] = [];
  for (const raw of ownText(text, 3_000).split("\n")) {
    const line = raw.trim();
    if (CLOSING.test(line)) break;
    if (GREETING.test(line) || NOISE.test(line)) continue;
    lines.push(line);
    if (lines.join(" ").length > SUMMARY_CHARS * 2) break;
  }
  const flowing = lines.join(" ").replace(/\s+/g, " ").trim();
  if (!flowing) return "";
  const sentences = flowing.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/gu) ?? [flowing];
  let summary = "";
  for (const sentence of sentences) {
    const next = `${summary} ${sentence.trim()}`.trim();
    if (next.length > SUMMARY_CHARS) break;
    summary = next;
    if (summary.length >= 80) break;
  }
  if (!summary) summary = cutAtWord(sentences[0]!.trim(), SUMMARY_CHARS);
  return summary;
}

function cutAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
