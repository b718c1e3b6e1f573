/**
 * Reads an mbox file as a stream of messages, never the whole file in
 * memory: one message at a time. Both variants are read the same way:
 * a line starting with "From " begins a message (writers quote such lines
 * in bodies), and a quoted line (">From ", ">>From ", …) loses one ">":
 * exact for mboxrd, and for mboxo the only reading there is. A
 * Content-Length header is ignored (it is wrong as often as not).
 *
 * @example
 *   for await (const message of readMbox(Bun.file("Archive.mbox").stream())) store(message.raw);
 */
export interface MboxMessage {
  /** The message as written, without the "From " line and the blank line that ends it. */
  raw: Uint8Array;
  /** The date of the "From " line, if it has one that reads as a date. */
  date: Date | null;
}

const LF = 0x0a;
const FROM = Buffer.from("From ");

function isFromLine(line: Buffer): boolean {
  return line.length >= 5 && line.subarray(0, 5).equals(FROM);
}

/** ">From ", ">>From ": quoted by the writer; undone by removing one ">". */
function isQuotedFromLine(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === 0x3e) i++;
  return i > 0 && line.length - i >= 5 && line.subarray(i, i + 5).equals(FROM);
}

/** "From sender Mon Dec  7 01:46:59 2026": the asctime date after the sender. */
function envelopeDate(line: Buffer): Date | null {
  const text = line.toString("latin1").trim();
  const rest = text
    .slice(5)
    .trim()
    .replace(/^\S+\s+/, "");
  if (!rest) return null;
  const date = new Date(rest);
  return Number.isNaN(date.getTime()) ? null : date;
}

function finish(lines: Buffer[], date: Date | null): MboxMessage | null {
  // The blank line the writer put before the next "From " line is the mbox's, not the message's (one only: the
  // message's own bytes must stay as they were, its content hash is part of its identity).
  let end = lines.length;
  const last = lines[end - 1];
  if (last && (last.length === 1 || (last.length === 2 && last[0] === 0x0d))) end--;
  if (end === 0) return null;
  return { raw: Buffer.concat(lines.slice(0, end)), date };
}

export async function* readMbox(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<MboxMessage> {
  let lines: Buffer[] = [];
  let date: Date | null = null;
  let started = false;
  let carry: Buffer = Buffer.alloc(0);

  const take = function* (line: Buffer): Generator<MboxMessage> {
    if (isFromLine(line)) {
      if (started) {
        const message = finish(lines, date);
        if (message) yield message;
      }
      started = true;
      lines = [];
      date = envelopeDate(line);
      return;
    }
    // Text before the first "From " line is not in any message: an mbox starts with one.
    if (!started) return;
    lines.push(isQuotedFromLine(line) ? line.subarray(1) : line);
  };

  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    let data = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let newline = data.indexOf(LF, start); newline !== -1; newline = data.indexOf(LF, start)) {
      // A copy: the chunk's memory is reused by some streams.
      yield* take(Buffer.from(data.subarray(start, newline + 1)));
      start = newline + 1;
    }
    carry = Buffer.from(data.subarray(start));
    data = Buffer.alloc(0);
  }
  if (carry.length) yield* take(carry);
  if (started) {
    const message = finish(lines, date);
    if (message) yield message;
  }
}

/** Counts the messages of an mbox without keeping them: the total an import's progress is measured against. */
export async function countMbox(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): Promise<number> {
  let count = 0;
  for await (const _message of readMbox(stream)) count++;
  return count;
}

/** Where a header block ends, looked for in this many bytes at most (a longer header block keeps no flags). */
const STATUS_SCAN_BYTES = 64 * 1024;

/**
 * The flags an mbox writer kept in the message's own headers (mutt,
 * Thunderbird, Dovecot's mbox): `Status: RO` (R: seen) and `X-Status: AF`
 * (A: answered, F: flagged, D: deleted, T: draft). None when there are none.
 */
export function mboxStatusFlags(raw: Uint8Array): string[] {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, STATUS_SCAN_BYTES)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = end === -1 ? head : head.slice(0, end);
  const flags = new Set<string>();
  const status = /^Status:[ \t]*([A-Za-z]*)/im.exec(headers)?.[1] ?? "";
  const xStatus = /^X-Status:[ \t]*([A-Za-z$]*)/im.exec(headers)?.[1] ?? "";
  if (status.includes("R")) flags.add("\\Seen");
  const letters: Record<string, string> = { A: "\\Answered", F: "\\Flagged", D: "\\Deleted", T: "\\Draft" };
  for (const letter of xStatus) if (letters[letter]) flags.add(letters[letter]);
  return [...flags].sort();
}
