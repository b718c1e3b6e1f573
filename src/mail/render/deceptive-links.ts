/**
 * Links that claim to go somewhere else: the visible text names one host
 * ("www.sparkasse.de", "https://paypal.com/login") while the href goes to
 * another. sanitize-html's tag hook sees a link's attributes but not its
 * text, so this is a first look at the raw HTML, by pattern: a link it
 * misses keeps its hover title; one it wrongly names only costs a click on
 * the page that shows where the link goes.
 */

/** A link with its (short) text: no nested links, at most a few hundred characters between the tags. */
const LINK = /<a\b([^>]{0,2000})>([\s\S]{0,400}?)<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
/** A host name as people write it in text, with or without a scheme. */
const HOST_IN_TEXT = /(?:^|[\s(<"'])(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?=$|[\s/:?#)>"'.,;!])/i;

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", nbsp: " " };

/** The few entity forms that occur in hrefs and link text; enough to compare with what the sanitiser sees. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** One host is the other or lies under it (www.example.org and example.org are the same place). */
const sameSite = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/** The hrefs (as the sanitiser will see them, trimmed) of links whose text names another host. */
export function deceptiveHrefs(html: string): Set<string> {
  const found = new Set<string>();
  for (const [, attributes = "", inner = ""] of html.matchAll(LINK)) {
    const hrefMatch = HREF.exec(attributes);
    if (!hrefMatch) continue;
    const href = decodeEntities(hrefMatch[1] ?? hrefMatch[2] ?? hrefMatch[3] ?? "").trim();
    const target = hostOf(href);
    if (!target) continue;
    const text = decodeEntities(inner.replace(/<[^>]*>/g, " "));
    const shown = HOST_IN_TEXT.exec(text)?.[1]?.toLowerCase().replace(/\.$/, "");
    if (shown && !sameSite(shown, target)) found.add(href);
  }
  return found;
}
