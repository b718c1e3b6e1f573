/**
 * Header lines with raw 8-bit bytes and no encoded-word (RFC 2047), as old
 * clients and some mailing-list software still send them: valid UTF-8 is
 * UTF-8 (RFC 6532 allows it); anything else is read in the charset the
 * message's own Content-Type names (such clients write headers and body
 * alike: GB2312, KOI8-R…), else as Windows-1252 (which also covers
 * Latin-1), the likeliest for German mail. mailparser turned each such byte
 * into U+FFFD, so "Grüße" arrived as "Gr��e".
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true });
const WINDOWS_1252 = new TextDecoder("windows-1252");
const ENCODER = new TextEncoder();

/**
 * The message with its top-level header block (its first `headerLength`
 * bytes, see headerBlock) rewritten to UTF-8 line by line, so a From in
 * UTF-8 and a Subject in Latin-1 are both read right; the same buffer,
 * uncopied, when no line needs it. Only the header block changes: bodies
 * carry their charset in their Content-Type.
 *
 * @example
 *   const raw = Buffer.from("Subject: Gr\xfc\xdfe\r\n\r\nHallo", "latin1");
 *   withUtf8Headers(raw, headerBlock(raw).length).toString(); // "Subject: Grüße\r\n\r\nHallo"
 */
export function withUtf8Headers(bytes: Buffer, headerLength: number): Buffer {
  const block = bytes.subarray(0, headerLength);
  if (!block.some((byte) => byte >= 0x80)) return bytes;
  const fallback = declaredCharset(block) ?? WINDOWS_1252;
  const lines: Buffer[] = [];
  let changed = false;
  for (let start = 0; start < block.length; ) {
    const newline = block.indexOf(0x0a, start);
    const end = newline === -1 ? block.length : newline + 1;
    const line = block.subarray(start, end);
    const fixed = utf8Line(line, fallback);
    changed ||= fixed !== line;
    lines.push(fixed);
    start = end;
  }
  return changed ? Buffer.concat([...lines, bytes.subarray(block.length)]) : bytes;
}

function utf8Line(line: Buffer, fallback: TextDecoder): Buffer {
  if (!line.some((byte) => byte >= 0x80)) return line;
  try {
    UTF8.decode(line);
    return line;
  } catch {
    return Buffer.from(ENCODER.encode(fallback.decode(line)));
  }
}

/** A decoder for the charset of the top-level Content-Type, if it names one other than UTF-8 that the platform knows. */
function declaredCharset(block: Buffer): TextDecoder | undefined {
  const contentType = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/im.exec(block.toString("latin1"))?.[0];
  const label = contentType && /;\s*charset\s*=\s*"?([A-Za-z0-9_.:+-]{1,40})/i.exec(contentType)?.[1];
  if (!label) return undefined;
  try {
    const decoder = new TextDecoder(label);
    return decoder.encoding === "utf-8" ? undefined : decoder;
  } catch {
    return undefined;
  }
}
