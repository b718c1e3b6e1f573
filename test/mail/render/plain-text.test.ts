/** Links found in plain text: web and mail addresses only, punctuation left out, bounded work on hostile input. */
import { describe, expect, test } from "bun:test";
import { linkifyText } from "../../../src/mail/render/plain-text.ts";
import { createHash } from "node:crypto";
import { bodyContentSecurityPolicy, bodyDocument, FRAME_HEIGHT_SCRIPT } from "../../../src/mail/render/body-document.ts";

describe("linkifyText", () => {
  test("finds web and mail addresses and leaves trailing punctuation as text", () => {
    expect(linkifyText("See https://example.org/a?b=1. Or write to anna@example.org, please.")).toEqual([
      { text: "See " },
      { text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { text: ". Or write to " },
      { text: "anna@example.org", href: "mailto:anna@example.org" },
      { text: ", please." },
    ]);
  });

  test("never links other schemes", () => {
    expect(linkifyText("javascript:alert(1) data:text/html,x vbscript:y file:///etc/passwd")).toEqual([{ text: "javascript:alert(1) data:text/html,x vbscript:y file:///etc/passwd" }]);
  });

  test("a megabyte of letters without an @ is read in one pass (bounded address parts)", () => {
    const text = "a".repeat(1_000_000);
    expect(linkifyText(text)).toEqual([{ text }]);
  });
});

describe("the body document", () => {
  test("its CSP allows nothing but inline styles, embedded images and our height script, and https images only when asked", () => {
    const blocked = bodyContentSecurityPolicy(false);
    const hash = `'sha256-${createHash("sha256").update(FRAME_HEIGHT_SCRIPT).digest("base64")}'`;
    expect(blocked).toBe(
      `default-src 'none'; script-src ${hash}; img-src data:; style-src 'unsafe-inline'; font-src 'none'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox`,
    );
    expect(bodyContentSecurityPolicy(true)).toContain("img-src data: https:;");
    expect(bodyContentSecurityPolicy(true)).not.toContain("allow-same-origin");
  });

  test("wraps the sanitised HTML in a complete document", () => {
    const document = bodyDocument("<p>x</p>", "de");
    expect(document).toStartWith('<!doctype html><html lang="de"><head><meta charset="utf-8">');
    expect(document).toEndWith("<body><p>x</p></body></html>");
  });
});
