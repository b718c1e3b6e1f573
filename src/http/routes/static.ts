import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context, Hono } from "hono";
import { assetUrls, hashedUrl, HTMX_FILE, STATIC_DIR, STATIC_FILES } from "../../../views/assets.ts";
import { acceptedEncoding, compressBody, type Encoding, isCompressibleType } from "../encoding.ts";
import type { AppEnv } from "../env.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** The plain names (`/static/app.css`) that pages of an older release may still link. */
const AN_HOUR = "public, max-age=3600";

/** A file's bytes and its compressed forms, each made once, on first request. */
function servedFile(path: string, contentType: string) {
  const bytes = new Uint8Array(readFileSync(path));
  const compressed = new Map<Encoding, Promise<Uint8Array>>();
  return (c: Context<AppEnv>, cacheControl: string) => {
    const headers: Record<string, string> = { "Content-Type": contentType, "Cache-Control": cacheControl };
    const encoding = isCompressibleType(contentType) ? acceptedEncoding(c.req.header("accept-encoding")) : null;
    if (isCompressibleType(contentType)) headers.Vary = "Accept-Encoding";
    if (!encoding) return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
    let body = compressed.get(encoding);
    if (!body) compressed.set(encoding, (body = compressBody(bytes, encoding, "best")));
    return body.then((encoded) => c.body(encoded as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Encoding": encoding }));
  };
}

/**
 * htmx (versioned URL) and the files of views/static at their content-hashed
 * URLs, cached for a year as immutable; the plain names still answer, for an
 * hour. Compressed with brotli or gzip when accepted.
 */
export function registerStaticAssets(app: Hono<AppEnv>) {
  const htmx = servedFile(HTMX_FILE, "text/javascript; charset=utf-8");
  app.get(assetUrls.htmx, (c) => htmx(c, IMMUTABLE));
  for (const [name, contentType] of Object.entries(STATIC_FILES) as [keyof typeof STATIC_FILES, string][]) {
    const file = servedFile(join(STATIC_DIR, name), contentType);
    app.get(hashedUrl(name), (c) => file(c, IMMUTABLE));
    app.get(`/static/${name}`, (c) => file(c, AN_HOUR));
  }
}
