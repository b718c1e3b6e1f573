import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { acceptedEncoding, compressBody, isCompressibleType, MIN_COMPRESS_BYTES } from "../encoding.ts";

/**
 * Compresses answers for clients that accept it: brotli, else gzip
 * (../encoding.ts), for text of at least MIN_COMPRESS_BYTES. Left as they
 * are: downloads (`Content-Disposition: attachment`: attachments and
 * .ics files go out byte for byte), bodies already encoded (static files
 * come compressed), HEAD, statuses without a body, and `no-transform`.
 * `Vary: Accept-Encoding` on every answer that could have been either.
 *
 * @example
 *   app.use(compression()); // GET /messages with Accept-Encoding: br -> Content-Encoding: br
 */
export function compression(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const response = c.res;
    const { headers } = response;
    if (c.req.method === "HEAD" || !response.body || response.status < 200 || response.status === 204 || response.status === 304) return;
    if (headers.has("content-encoding") || /\battachment\b/i.test(headers.get("content-disposition") ?? "") || /\bno-transform\b/i.test(headers.get("cache-control") ?? "")) return;
    if (!isCompressibleType(headers.get("content-type"))) return;
    headers.append("Vary", "Accept-Encoding");
    const encoding = acceptedEncoding(c.req.header("accept-encoding"));
    if (!encoding) return;
    const body = new Uint8Array(await response.arrayBuffer());
    const compressed = body.byteLength >= MIN_COMPRESS_BYTES ? await compressBody(body, encoding, "fast") : null;
    const answer = new Response((compressed ?? body) as Uint8Array<ArrayBuffer>, { status: response.status, statusText: response.statusText, headers });
    if (compressed) {
      answer.headers.set("Content-Encoding", encoding);
      answer.headers.set("Content-Length", String(compressed.byteLength));
    }
    c.res = undefined;
    c.res = answer;
  };
}
