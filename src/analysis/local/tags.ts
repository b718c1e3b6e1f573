/**
 * Tag suggestions from the user's own tags only: a tag is suggested when
 * its name (or its stem: "Rechnungen" → "rechnung", "invoices" → "invoice")
 * starts a word of the subject (more sure) or the body. At most five.
 */
import type { Analysis } from "../types.ts";

export const MAX_TAGS = 5;
const WORD = /[\p{L}\p{N}]+/gu;

function stem(word: string): string {
  const lower = word.toLowerCase();
  const stemmed = lower.replace(/(?:ungen|en|er|es|e|s|n)$/u, "");
  return stemmed.length >= 4 ? stemmed : lower;
}

function words(text: string): Set<string> {
  return new Set(Array.from(text.toLowerCase().matchAll(WORD), (match) => match[0]));
}

function mentions(vocabulary: Set<string>, stems: string[]): number {
  let hits = 0;
  for (const word of vocabulary) if (stems.some((tagStem) => word.startsWith(tagStem))) hits++;
  return hits;
}

export function suggestTags(userTags: readonly string[], subject: string, text: string): Analysis["tags"] {
  if (userTags.length === 0) return [];
  const subjectWords = words(subject);
  const bodyWords = words(text.slice(0, 10_000));
  const suggestions: Analysis["tags"] = [];
  for (const name of new Set(userTags)) {
    const stems = Array.from(name.matchAll(WORD), (match) => stem(match[0])).filter((value) => value.length >= 3);
    if (stems.length === 0) continue;
    const inSubject = mentions(subjectWords, stems);
    const inBody = mentions(bodyWords, stems);
    if (inSubject === 0 && inBody === 0) continue;
    const confidence = inSubject > 0 ? 0.8 : Math.min(0.7, 0.4 + 0.1 * inBody);
    suggestions.push({ name, confidence: Math.round(confidence * 100) / 100 });
  }
  return suggestions.sort((a, b) => b.confidence - a.confidence).slice(0, MAX_TAGS);
}
