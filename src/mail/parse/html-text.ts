/**
 * Plain text from HTML, for messages whose only body is HTML inside a
 * multipart (mailparser converts a lone root HTML part itself, but not one
 * inside multipart/related or multipart/mixed). Same converter and the same
 * guards as mailparser's own conversion.
 */
import { htmlToText } from "html-to-text";
import { MAX_HTML_CHARS, MAX_HTML_TO_TEXT_DEPTH } from "../../limits.ts";

/** Text of `html`, or null when it is too long or nested too deep to convert safely. */
export function textFromHtml(html: string): string | null {
  if (html.length > MAX_HTML_CHARS || exceedsNestingDepth(html, MAX_HTML_TO_TEXT_DEPTH)) return null;
  try {
    return htmlToText(html, { limits: { maxDepth: MAX_HTML_TO_TEXT_DEPTH } });
  } catch {
    return null;
  }
}

/** Elements that never open a level: void elements and those an HTML parser closes implicitly (p, li, td…). */
const FLAT_ELEMENTS = new Set("area base br col embed hr img input link meta param source track wbr p li dt dd option optgroup tr td th thead tbody tfoot rt rp".split(" "));

/**
 * Whether elements nest deeper than `maxDepth`, in one linear pass. The
 * converter's HTML parser is quadratic in nesting depth and its tree walk
 * recursive, so deep nesting (a classic attack on mail parsers) is refused
 * before it gets there.
 */
export function exceedsNestingDepth(html: string, maxDepth: number): boolean {
  const stack: string[] = [];
  const open = new Map<string, number>();
  const tagName = /(\/?)([a-zA-Z][\w:-]*)/y;
  // indexOf steps, not one big regex: a regex over unclosed tags or comments backtracks quadratically.
  for (let at = html.indexOf("<"); at >= 0; ) {
    if (html.startsWith("!--", at + 1)) {
      const end = html.indexOf("-->", at + 4);
      if (end < 0) break;
      at = html.indexOf("<", end + 3);
      continue;
    }
    tagName.lastIndex = at + 1;
    const match = tagName.exec(html);
    if (!match) {
      at = html.indexOf("<", at + 1);
      continue;
    }
    const end = html.indexOf(">", tagName.lastIndex);
    if (end < 0) break;
    at = html.indexOf("<", end + 1);
    const name = match[2]!.toLowerCase();
    if (FLAT_ELEMENTS.has(name)) continue;
    if (!match[1]) {
      stack.push(name);
      open.set(name, (open.get(name) ?? 0) + 1);
      if (stack.length > maxDepth) return true;
    } else if (open.get(name)) {
      // An end tag closes everything opened after its element, as the parser does.
      let popped: string;
      do {
        popped = stack.pop()!;
        open.set(popped, open.get(popped)! - 1);
      } while (popped !== name);
    }
  }
  return false;
}
