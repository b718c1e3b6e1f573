/**
 * "Simple formatting" of what the user typed, turned into the HTML part of
 * the message beside the text as typed: blank lines make paragraphs, single
 * line breaks stay, *word* is bold, http(s) and mailto links become links,
 * lines starting with ">" become a quote. Everything else is text: the
 * input is escaped first, so nothing typed becomes markup.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** A link (closing punctuation left out) or a *bold* run (no space just inside the stars). */
const INLINE = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'"]|mailto:[^\s<>"@]+@[^\s<>"]*[^\s<>".,;:!?)\]'"])|\*([^*\s](?:[^*\n]*[^*\s])?)\*/g;

function inline(text: string): string {
  let html = "";
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    html += escapeHtml(text.slice(last, match.index));
    if (match[1]) html += `<a href="${escapeHtml(match[1])}">${escapeHtml(match[1])}</a>`;
    else html += `<strong>${escapeHtml(match[2]!)}</strong>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** Blocks: runs of quoted lines become a blockquote (formatted the same way inside), the rest paragraphs split at blank lines. */
function blocks(lines: string[]): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(inline).join("<br>\n")}</p>`);
    paragraph = [];
  };
  for (let index = 0; index < lines.length; ) {
    const line = lines[index]!;
    if (line.startsWith(">")) {
      flush();
      const quoted: string[] = [];
      while (index < lines.length && lines[index]!.startsWith(">")) quoted.push(lines[index++]!.replace(/^> ?/, ""));
      out.push(`<blockquote>${blocks(quoted)}</blockquote>`);
      continue;
    }
    if (line.trim() === "") flush();
    else paragraph.push(line);
    index++;
  }
  flush();
  return out.join("\n");
}

/**
 * @example
 *   formatBody("Hallo *Anna*,\n\nsiehe https://example.org.")
 *   // { text: "Hallo *Anna*,\n\nsiehe https://example.org.",
 *   //   html: "<p>Hallo <strong>Anna</strong>,</p>\n<p>siehe <a href=\"https://example.org\">https://example.org</a>.</p>" }
 */
export function formatBody(typed: string): { text: string; html: string } {
  const text = typed.replace(/\r\n?/g, "\n");
  return { text, html: blocks(text.split("\n")) };
}
