/**
 * Plain text with its web and mail addresses found, so the view can make
 * them links (each rendered escaped, opened in a new tab without opener).
 */

export type TextSegment = { text: string } | { text: string; href: string };

/**
 * http(s) URLs and bare mail addresses; trailing punctuation stays text.
 * Every part of an address is bounded (RFC 5321 lengths): unbounded runs
 * would make a megabyte of letters without an "@" cost quadratic time.
 */
const LINK = /\bhttps?:\/\/[^\s<>"'`]{1,2000}|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b/gi;

export function linkifyText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let found = match[0];
    const trailing = /[.,;:!?)\]}]+$/.exec(found)?.[0] ?? "";
    if (trailing) found = found.slice(0, -trailing.length);
    if (!found) continue;
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: found, href: found.includes("://") ? found : `mailto:${found}` });
    last = start + found.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
