/**
 * Download headers for an attachment: always `Content-Disposition:
 * attachment` (never shown inline, whatever it claims to be), the declared
 * type only for formats that carry no script or markup, nosniff, and a
 * sandbox CSP should a browser render it anyway.
 */

/** Types sent as they are; anything else (HTML, SVG, XML, JavaScript, unknown) as application/octet-stream. */
const PASSIVE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "application/zip",
  "text/plain",
  "text/csv",
  "text/calendar",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "audio/mpeg",
  "video/mp4",
]);

export function downloadType(contentType: string): string {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return PASSIVE_TYPES.has(type) ? type : "application/octet-stream";
}

/**
 * `attachment; filename="Bericht_.pdf"; filename*=UTF-8''Bericht%20%C3%BC.pdf` (RFC 6266 / RFC 5987):
 * an ASCII fallback without quotes, backslashes or controls, and the exact name percent-encoded.
 */
export function contentDisposition(filename: string | null): string {
  const name =
    (filename ?? "")
      .replace(/[\u0000-\u001f\u007f/\\]/g, "_")
      .trim()
      .slice(0, 200) || "attachment";
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function downloadHeaders(filename: string | null, contentType: string, size: number): Record<string, string> {
  return {
    "Content-Type": downloadType(contentType),
    "Content-Disposition": contentDisposition(filename),
    "Content-Length": String(size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store",
  };
}
