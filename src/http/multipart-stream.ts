/**
 * A `multipart/form-data` body read as it arrives, for a form that carries
 * one large file and a few small text fields (the import page's upload).
 * Hono's `parseBody()` buffers the whole body; this hands the file part's
 * bytes to a consumer as a stream, with backpressure, and keeps only the
 * text fields, each capped.
 *
 * The body is scanned for the delimiter `CRLF--boundary`; a delimiter split
 * across two chunks is found because up to its length minus one bytes of a
 * chunk are held back until the next one arrives. The file's consumer is
 * called only once the part has a first byte, so a form without a file (or
 * with an empty one) writes nothing.
 *
 * @example
 *   const form = await readUploadForm(c.req.raw.body, c.req.header("Content-Type"), {
 *     fileField: "file",
 *     saveFile: (stream) => saveUpload(config, stream),
 *   });
 *   form.file?.saved;          // what saveFile returned (here: the path)
 *   form.fields.passphrase;    // a text field, at most MULTIPART_FIELD_MAX_BYTES
 */
import { MULTIPART_FIELD_MAX_BYTES, MULTIPART_HEADER_MAX_BYTES, MULTIPART_MAX_PARTS } from "../limits.ts";

export class MultipartError extends Error {
  override name = "MultipartError";
  constructor(
    /** `no_boundary`: not multipart, or no boundary; `malformed`: a delimiter, part header or field that is not as RFC 7578 says; `truncated`: the body ended before the closing delimiter; `second_file`: more than one file part; `too_large`: a field or the part count past its cap. */
    readonly code: "no_boundary" | "malformed" | "truncated" | "second_file" | "too_large",
    message: string,
  ) {
    super(message);
  }
}

export interface UploadForm<Saved> {
  /** Text fields by name; a repeated name keeps its first value. */
  fields: Record<string, string>;
  /** The file part, if the form had one with at least one byte. */
  file?: { filename: string; saved: Saved };
}

/**
 * Reads a multipart form from `body`, streaming its file part into
 * `saveFile` and collecting its text fields.
 *
 * If `saveFile` fails (e.g. the upload is too large) its error is thrown as
 * it is; if the body is cut short while the file is being read, `saveFile`'s
 * stream fails with a MultipartError `truncated`, so it can remove what it
 * wrote. What `saveFile` saved is left to the caller when a later part is
 * refused: `onAbandon` is called with it.
 *
 * @throws MultipartError
 */
export async function readUploadForm<Saved>(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  options: {
    /** The one field a file may come in; a file part under another name is refused as `malformed`. */
    fileField: string;
    saveFile: (stream: ReadableStream<Uint8Array>, filename: string) => Promise<Saved>;
    onAbandon?: (saved: Saved) => Promise<void>;
  },
): Promise<UploadForm<Saved>> {
  const boundary = multipartBoundary(contentType);
  if (!body) throw new MultipartError("truncated", "the request has no body");
  const events = multipartEvents(body, boundary);
  // No prototype: a field named "__proto__" or "constructor" is a field like any other.
  const form: UploadForm<Saved> = { fields: Object.create(null) as Record<string, string> };
  try {
    let parts = 0;
    let event = await events.next();
    while (!event.done) {
      const part = event.value;
      if (part.type !== "part") throw new Error(`multipart: unexpected ${part.type}`);
      if (++parts > MULTIPART_MAX_PARTS) throw new MultipartError("too_large", `more than ${MULTIPART_MAX_PARTS} parts`);
      if (part.filename !== undefined) {
        if (part.name !== options.fileField) throw new MultipartError("malformed", `a file in the field ${part.name.slice(0, 50)}`);
        const first = await events.next();
        if (first.done) throw new MultipartError("truncated", "the body ended inside a part");
        if (first.value.type === "data") {
          if (form.file) throw new MultipartError("second_file", "the form holds more than one file");
          const saved = await options.saveFile(partStream(first.value.bytes, events), part.filename);
          form.file = { filename: part.filename, saved };
        } else if (first.value.type !== "end") throw new Error("multipart: a part inside a part");
      } else {
        const value = await fieldText(events);
        if (!Object.hasOwn(form.fields, part.name)) form.fields[part.name] = value;
      }
      event = await events.next();
    }
    return form;
  } catch (error) {
    await events.return(undefined);
    if (form.file && options.onAbandon) await options.onAbandon(form.file.saved);
    throw error;
  }
}

/** The boundary of a `multipart/form-data` Content-Type (RFC 2046: 1 to 70 characters, quoted or not). */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /^\s*multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType ?? "");
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new MultipartError("no_boundary", "not multipart/form-data with a boundary");
  return boundary;
}

type MultipartEvent = { type: "part"; name: string; filename?: string } | { type: "data"; bytes: Uint8Array } | { type: "end" };

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * The body as events: each part's headers, its bytes in pieces, its end.
 * Returns after the closing delimiter without reading the epilogue.
 */
async function* multipartEvents(body: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<MultipartEvent, void, undefined> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const reader = body.getReader();
  // The body's first delimiter has no CRLF before it: one is supplied, so every delimiter looks the same.
  let buffer: Buffer = Buffer.from(CRLF);
  let ended = false;
  const nextChunk = async (): Promise<Buffer | undefined> => {
    if (ended) return undefined;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return undefined;
    }
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  };
  const more = async (): Promise<boolean> => {
    const chunk = await nextChunk();
    if (!chunk) return false;
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    return true;
  };
  try {
    // Preamble: skipped, but only so much of it.
    let at = buffer.indexOf(delimiter);
    while (at < 0) {
      if (buffer.length > MULTIPART_HEADER_MAX_BYTES) throw new MultipartError("malformed", "no boundary where the body starts");
      if (!(await more())) throw new MultipartError(buffer.length <= CRLF.length ? "truncated" : "malformed", "no boundary in the body");
      at = buffer.indexOf(delimiter);
    }
    buffer = buffer.subarray(at + delimiter.length);
    for (;;) {
      // After a delimiter: "--" closes the body; otherwise optional blanks, CRLF and the part's headers.
      while (buffer.length < 2) if (!(await more())) throw new MultipartError("truncated", "the body ended after a boundary");
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) return;
      let headerEnd = buffer.indexOf(HEADER_END);
      while (headerEnd < 0) {
        if (buffer.length > MULTIPART_HEADER_MAX_BYTES) throw new MultipartError("malformed", "a part's headers are too long");
        if (!(await more())) throw new MultipartError("truncated", "the body ended in a part's headers");
        headerEnd = buffer.indexOf(HEADER_END);
      }
      if (headerEnd > MULTIPART_HEADER_MAX_BYTES) throw new MultipartError("malformed", "a part's headers are too long");
      const head = buffer.subarray(0, headerEnd).toString("utf8");
      const firstLineEnd = head.indexOf("\r\n");
      if (firstLineEnd < 0 || !/^[ \t]*$/.test(head.slice(0, firstLineEnd))) throw new MultipartError("malformed", "garbage after a boundary");
      yield partHeaders(head.slice(firstLineEnd + 2));
      buffer = buffer.subarray(headerEnd + HEADER_END.length);
      // The part's bytes, up to the next delimiter; what could be the start of one is held back.
      for (;;) {
        at = buffer.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) yield { type: "data", bytes: buffer.subarray(0, at) };
          buffer = buffer.subarray(at + delimiter.length);
          yield { type: "end" };
          break;
        }
        const safe = buffer.length - (delimiter.length - 1);
        if (safe > 0) {
          yield { type: "data", bytes: buffer.subarray(0, safe) };
          buffer = buffer.subarray(safe);
        }
        // The held-back tail is joined to the next chunk only if a delimiter starts in it: the file's
        // chunks are passed on as they came, not copied once more each (that copy was a third of the memory churn).
        const chunk = await nextChunk();
        if (!chunk) throw new MultipartError("truncated", "the body ended inside a part");
        const straddling = chunk.length < delimiter.length ? 0 : Buffer.concat([buffer, chunk.subarray(0, delimiter.length - 1)]).indexOf(delimiter);
        if (straddling >= 0 && straddling < buffer.length) buffer = Buffer.concat([buffer, chunk]);
        else {
          if (buffer.length > 0) yield { type: "data", bytes: buffer };
          buffer = chunk;
        }
      }
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** A part's name and (for a file) filename from its Content-Disposition; other headers are ignored. */
function partHeaders(head: string): MultipartEvent & { type: "part" } {
  const disposition = head
    .split("\r\n")
    .find((line) => /^content-disposition\s*:/i.test(line))
    ?.replace(/^[^:]*:/, "");
  if (!disposition || !/^\s*form-data\s*(;|$)/i.test(disposition)) throw new MultipartError("malformed", "a part without Content-Disposition: form-data");
  const name = dispositionParameter(disposition, "name");
  if (name === undefined) throw new MultipartError("malformed", "a part without a name");
  const filename = dispositionParameter(disposition, "filename");
  return filename === undefined ? { type: "part", name } : { type: "part", name, filename };
}

/** A `key="value"` (or unquoted) parameter; browsers escape a quote in a name as %22 (WHATWG), older ones as \". */
function dispositionParameter(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s"]*))`, "i").exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}

/** A text field's value, at most MULTIPART_FIELD_MAX_BYTES; a NUL is refused as readForm refuses it. */
async function fieldText(events: AsyncGenerator<MultipartEvent, void, undefined>): Promise<string> {
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const event = await events.next();
    if (event.done) throw new MultipartError("truncated", "the body ended inside a field");
    if (event.value.type === "end") break;
    if (event.value.type !== "data") throw new Error("multipart: a part inside a part");
    size += event.value.bytes.byteLength;
    if (size > MULTIPART_FIELD_MAX_BYTES) throw new MultipartError("too_large", `a field is longer than ${MULTIPART_FIELD_MAX_BYTES} bytes`);
    pieces.push(event.value.bytes);
  }
  const value = Buffer.concat(pieces).toString("utf8");
  if (value.includes("\u0000")) throw new MultipartError("malformed", "a field contains a NUL character");
  return value;
}

/**
 * The rest of a file part as a stream, pulled from `events` as its reader
 * asks (backpressure reaches the request body); it closes at the part's end.
 */
function partStream(first: Uint8Array, events: AsyncGenerator<MultipartEvent, void, undefined>): ReadableStream<Uint8Array> {
  let pending: Uint8Array | undefined = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        const event = await events.next();
        if (event.done) return controller.error(new MultipartError("truncated", "the body ended inside the file"));
        if (event.value.type === "end") return controller.close();
        if (event.value.type !== "data") return controller.error(new Error("multipart: a part inside a part"));
        controller.enqueue(event.value.bytes);
      },
    },
    { highWaterMark: 0 },
  );
}
