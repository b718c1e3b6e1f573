/**
 * Compressed answers and static files at content-hashed URLs: brotli when
 * accepted, else gzip, for text over 1 kB; downloads and small answers as
 * they are; static files cached as immutable at their hashed URL, the plain
 * name still answering.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { acceptedEncoding } from "../../src/http/encoding.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { assetUrls, HTMX_FILE, STATIC_DIR } from "../../views/assets.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});

const box = await seedMailbox(services);
const get = (path: string, acceptEncoding?: string) =>
  app.request(path, { headers: { Cookie: box.user.cookie, Accept: "text/html", ...(acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {}) } });
const decoded = async (response: Response) => {
  const body = Buffer.from(await response.arrayBuffer());
  const encoding = response.headers.get("content-encoding");
  return (encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body).toString("utf8");
};

describe("acceptedEncoding", () => {
  test("prefers brotli, falls back to gzip, honours q=0 and *", () => {
    expect(acceptedEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(acceptedEncoding("gzip, deflate")).toBe("gzip");
    expect(acceptedEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(acceptedEncoding("*")).toBe("br");
    expect(acceptedEncoding("*;q=0, gzip")).toBe("gzip");
    expect(acceptedEncoding("identity")).toBeNull();
    expect(acceptedEncoding("gzip;q=0, br;q=0")).toBeNull();
    expect(acceptedEncoding("")).toBeNull();
    expect(acceptedEncoding(undefined)).toBeNull();
    expect(acceptedEncoding("br;q=nonsense, gzip")).toBe("gzip");
  });
});

describe("pages", () => {
  test("a page is sent with brotli when accepted, else gzip, else as it is; each says it varies", async () => {
    const plain = await get("/account/sessions");
    expect(plain.headers.get("content-encoding")).toBeNull();
    const page = await plain.text();
    expect(page.length).toBeGreaterThan(1024);
    for (const [accept, encoding] of [
      ["gzip, deflate, br", "br"],
      ["gzip, deflate", "gzip"],
    ] as const) {
      const response = await get("/account/sessions", accept);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBe(encoding);
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      expect(response.headers.get("cache-control")).toBe("no-store");
      const length = Number(response.headers.get("content-length"));
      const text = await decoded(response);
      expect(length).toBeLessThan(page.length / 2);
      // The same page but for its per-request nonce.
      expect(text.replace(/nonce="[^"]+"|"inlineScriptNonce":"[^"]+"|&quot;[A-Za-z0-9+/=]{24}&quot;/g, "")).toBe(
        page.replace(/nonce="[^"]+"|"inlineScriptNonce":"[^"]+"|&quot;[A-Za-z0-9+/=]{24}&quot;/g, ""),
      );
    }
  });

  test("JSON is compressed too; an answer under 1 kB is not", async () => {
    const health = await app.request("/healthz", { headers: { "Accept-Encoding": "br" } });
    expect(health.headers.get("content-encoding")).toBeNull();
    const openapi = await app.request("/api/openapi.json", { headers: { "Accept-Encoding": "br" } });
    expect(openapi.headers.get("content-encoding")).toBe("br");
    expect(JSON.parse(await decoded(openapi)).openapi).toBe("3.1.0");
  });

  test("a download goes out byte for byte, whatever the client accepts", async () => {
    const report = "Zeile mit Text, die sich gut komprimieren ließe.\n".repeat(200);
    const id = await box.store(htmlMail({ subject: "Mit Anhang", html: "<p>Anbei</p>", parts: [{ contentType: "text/plain", filename: "bericht.txt", content: report }] }));
    const page = await (await get(`/messages/${id}`)).text();
    const href = /href="(\/messages\/[^"]+\/attachment\?id=[^"]+)"/.exec(page)![1]!.replaceAll("&amp;", "&");
    const download = await get(href, "gzip, br");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    expect(download.headers.get("content-encoding")).toBeNull();
    expect(await download.text()).toBe(report);
  });
});

describe("static files", () => {
  test("pages link them at URLs made from their content, served as immutable for a year", async () => {
    const digest = createHash("sha256")
      .update(readFileSync(join(STATIC_DIR, "app.css")))
      .digest("hex")
      .slice(0, 12);
    expect(assetUrls.css).toBe(`/static/app.${digest}.css`);
    expect(await (await get("/account/sessions")).text()).toContain(`href="${assetUrls.css}"`);
    const css = await app.request(assetUrls.css);
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toBe(readFileSync(join(STATIC_DIR, "app.css"), "utf8"));
  });

  test("the old plain name still answers, cached for an hour; an unknown hash does not", async () => {
    const old = await app.request("/static/app.css");
    expect(old.status).toBe(200);
    expect(old.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await old.text()).toBe(readFileSync(join(STATIC_DIR, "app.css"), "utf8"));
    expect((await app.request("/static/app.000000000000.css")).status).toBe(404);
  });

  test("scripts and styles come compressed when accepted, the same bytes once decoded", async () => {
    for (const [url, file] of [
      [assetUrls.css, join(STATIC_DIR, "app.css")],
      [assetUrls.htmx, HTMX_FILE],
      [assetUrls.listScript, join(STATIC_DIR, "message-list.js")],
    ] as const) {
      for (const accept of ["br", "gzip"]) {
        const response = await app.request(url, { headers: { "Accept-Encoding": accept } });
        expect(response.headers.get("content-encoding")).toBe(accept);
        expect(response.headers.get("vary")).toContain("Accept-Encoding");
        expect(response.headers.get("cache-control")).toContain("immutable");
        expect(await decoded(response)).toBe(readFileSync(file, "utf8"));
      }
    }
  });
});
