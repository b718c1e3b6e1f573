/** Simple formatting: paragraphs, bold, links and quotes become HTML; nothing typed becomes markup. */
import { describe, expect, test } from "bun:test";
import { formatBody } from "../../../src/mail/compose/formatting.ts";

describe("formatBody", () => {
  test("paragraphs, line breaks, bold and links", () => {
    const { text, html } = formatBody("Hallo *Anna*,\r\n\r\nsiehe https://example.org/bericht?a=1&b=2.\nGrüße\nBen");
    expect(text).toBe("Hallo *Anna*,\n\nsiehe https://example.org/bericht?a=1&b=2.\nGrüße\nBen");
    expect(html).toBe('<p>Hallo <strong>Anna</strong>,</p>\n<p>siehe <a href="https://example.org/bericht?a=1&amp;b=2">https://example.org/bericht?a=1&amp;b=2</a>.<br>\nGrüße<br>\nBen</p>');
  });

  test("typed markup stays text; javascript: is never a link", () => {
    const { html } = formatBody('<script>alert(1)</script> "x" javascript:alert(1) <a href="https://evil.example">x</a>');
    expect(html).not.toContain("<script");
    // The typed anchor is text; only its URL is linked, as text would be.
    expect(html).not.toContain(">x</a>");
    expect(html).toContain("&lt;a href=&quot;");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain("&lt;script&gt;");
  });

  test("quoted lines become a blockquote, nested ones nested; a lone star is not bold", () => {
    const { html } = formatBody("Danke!\n\nOn 3 December 2026 wrote:\n> Hello\n>> older\n\n5 * 3 = 15");
    expect(html).toBe("<p>Danke!</p>\n<p>On 3 December 2026 wrote:</p>\n<blockquote><p>Hello</p>\n<blockquote><p>older</p></blockquote></blockquote>\n<p>5 * 3 = 15</p>");
  });
});
