/** Download headers: always an attachment, the declared type only for passive formats, names encoded per RFC 5987. */
import { describe, expect, test } from "bun:test";
import { contentDisposition, downloadHeaders, downloadType } from "../../src/http/download.ts";

describe("downloadType", () => {
  test("active or unknown types become application/octet-stream", () => {
    for (const type of [
      "text/html",
      "image/svg+xml",
      "application/xhtml+xml",
      "text/xml",
      "application/xml",
      "application/javascript",
      "text/javascript",
      "application/x-shockwave-flash",
      "multipart/related",
      "x/unknown",
    ]) {
      expect(downloadType(type)).toBe("application/octet-stream");
    }
  });

  test("passive formats keep their type, without parameters", () => {
    expect(downloadType("application/pdf")).toBe("application/pdf");
    expect(downloadType("IMAGE/PNG; name=x.png")).toBe("image/png");
  });
});

describe("contentDisposition", () => {
  test("is always an attachment with an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("Rechnung März.pdf")).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(contentDisposition(null)).toBe(`attachment; filename="attachment"; filename*=UTF-8''attachment`);
  });

  test("cannot be broken out of: quotes, semicolons, line breaks and paths are neutralised", () => {
    const header = contentDisposition('a"; filename=evil.html\r\nX-Injected: 1;../../b.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toStartWith(`attachment; filename="a__ filename=evil.html__X-Injected: 1_.._.._b.pdf"; filename*=UTF-8''`);
    expect(header).not.toContain("/");
  });
});

test("downloadHeaders adds nosniff, a sandbox CSP and no caching", () => {
  expect(downloadHeaders("x.svg", "image/svg+xml", 12)).toEqual({
    "Content-Type": "application/octet-stream",
    "Content-Disposition": `attachment; filename="x.svg"; filename*=UTF-8''x.svg`,
    "Content-Length": "12",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store",
  });
});
