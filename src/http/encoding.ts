/**
 * Content encodings: which one a client accepts, and compressing a body with
 * it. Shared by the compression middleware (pages, fragments, JSON) and the
 * static files (compressed once, at the strongest setting).
 */
import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Below this a compressed body saves less than its own framing costs the first round trip. */
export const MIN_COMPRESS_BYTES = 1024;

/** Text that compresses: markup, styles, scripts, JSON, SVG, plain text. */
export function isCompressibleType(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return /^text\/(html|css|plain|javascript)$|^application\/(json|javascript|[a-z.+-]+\+json|xml)$|^image\/svg\+xml$/.test(type);
}

/**
 * Brotli when the client accepts it, else gzip, else none (RFC 9110
 * 12.5.3: `q=0` refuses, `*` stands for any not named).
 *
 * @example
 *   acceptedEncoding("gzip, deflate, br") // "br"
 *   acceptedEncoding("gzip;q=1, br;q=0") // "gzip"
 */
export function acceptedEncoding(header: string | undefined | null): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name) weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get("*") ?? 0;
  if (weightOf("br") > 0) return "br";
  if (weightOf("gzip") > 0) return "gzip";
  return null;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Answers up to this size are compressed on the spot (compressBody, `fast`); larger ones in the thread pool, so the event loop never waits long. */
const INLINE_COMPRESS_BYTES = 512 * 1024;

/**
 * `fast` for answers made per request: brotli quality 1, on the spot. A
 * 33 kB list page takes 0.08 ms to 5.4 kB that way; quality 4 (5.3 kB)
 * took 0.2 ms, and handing it to the thread pool and back 0.6 ms of the
 * event loop's time, which bench:web's list page paid on every request.
 * `best` for static files, compressed once.
 */
export async function compressBody(body: Uint8Array, encoding: Encoding, effort: "fast" | "best"): Promise<Uint8Array> {
  const inline = effort === "fast" && body.byteLength <= INLINE_COMPRESS_BYTES;
  if (encoding === "gzip") {
    const options = { level: effort === "best" ? 9 : 6 };
    return inline ? gzipSync(body, options) : await gzipAsync(body, options);
  }
  const options = { params: { [constants.BROTLI_PARAM_QUALITY]: effort === "best" ? constants.BROTLI_MAX_QUALITY : 1, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } };
  return inline ? brotliCompressSync(body, options) : await brotli(body, options);
}
