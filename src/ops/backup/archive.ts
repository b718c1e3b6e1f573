/**
 * The archive inside a backup's encryption: length-prefixed entries, so the
 * restore can stream each file to disk without knowing its size first
 * (a data file that shrinks while it is copied, or pg_dump's output).
 *
 *   entry : u8 type | u16 name length | name (UTF-8, relative to the data directory) | u32 mode | [blocks]
 *   type  : "D" directory, "F" file (followed by blocks), "E" end of archive (name empty)
 *   blocks: (u32 length | bytes)* | u32 0
 */
import { BackupError } from "./format.ts";

export type EntryType = "D" | "F" | "E";

export interface ArchiveSink {
  write(data: Uint8Array): Promise<void>;
}

/** The largest block: one read of a data file. */
export const BLOCK_SIZE = 256 * 1024;

/**
 * A name must stay inside the directory it is restored to: relative, no
 * `..`, no empty or `.` parts.
 */
export function checkEntryName(name: string): string {
  const parts = name.split("/");
  if (name === "" || name.startsWith("/") || parts.some((part) => part === "" || part === "." || part === "..") || name.includes("\0")) {
    throw new BackupError("DAMAGED", `the backup holds an entry with an unsafe name (${JSON.stringify(name.slice(0, 80))})`);
  }
  return name;
}

function entryHeader(type: EntryType, name: string, mode: number): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const header = Buffer.alloc(1 + 2 + nameBytes.length + 4);
  header.write(type, 0, "latin1");
  header.writeUInt16BE(nameBytes.length, 1);
  nameBytes.copy(header, 3);
  header.writeUInt32BE(mode & 0o7777, 3 + nameBytes.length);
  return header;
}

/** Writes entries to a sink (the encrypted writer). */
export class ArchiveWriter {
  constructor(private readonly sink: ArchiveSink) {}

  async directory(name: string, mode = 0o700): Promise<void> {
    await this.sink.write(entryHeader("D", checkEntryName(name), mode));
  }

  /** A file from its blocks; an empty source makes an empty file. */
  async file(name: string, blocks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, mode = 0o600): Promise<number> {
    await this.sink.write(entryHeader("F", checkEntryName(name), mode));
    let total = 0;
    const length = Buffer.alloc(4);
    for await (const block of blocks) {
      for (let offset = 0; offset < block.length; offset += BLOCK_SIZE) {
        const part = block.subarray(offset, Math.min(block.length, offset + BLOCK_SIZE));
        length.writeUInt32BE(part.length);
        await this.sink.write(length);
        await this.sink.write(part);
        total += part.length;
      }
    }
    length.writeUInt32BE(0);
    await this.sink.write(length);
    return total;
  }

  async end(): Promise<void> {
    await this.sink.write(entryHeader("E", "", 0).subarray(0, 3));
  }
}

/** Exact reads over the decrypted chunks. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  async read(length: number): Promise<Buffer> {
    while (this.pending.length < length) {
      const next = await this.chunks.next();
      if (next.done) throw new BackupError("TRUNCATED", "the backup's archive ends in the middle of an entry");
      this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value;
    }
    const out = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    return out;
  }

  /** Nothing may follow the end entry. */
  async expectEnd(): Promise<void> {
    if (this.pending.length) throw new BackupError("DAMAGED", "the backup's archive has data after its end");
    const next = await this.chunks.next();
    if (!next.done && next.value.length) throw new BackupError("DAMAGED", "the backup's archive has data after its end");
    if (!next.done && !(await this.chunks.next()).done) throw new BackupError("DAMAGED", "the backup's archive has data after its end");
  }
}

export interface ArchiveEntry {
  type: "D" | "F";
  name: string;
  mode: number;
  /** For files: the content, block by block; must be consumed before the next entry. */
  blocks: AsyncGenerator<Buffer>;
}

/**
 * The entries of an archive, in order. Ends after the "E" entry; a stream
 * that stops before it throws TRUNCATED.
 */
export async function* readArchive(chunks: AsyncIterator<Buffer>): AsyncGenerator<ArchiveEntry> {
  const reader = new ByteReader(chunks);
  for (;;) {
    const start = await reader.read(3);
    const type = String.fromCharCode(start[0]!);
    const nameLength = start.readUInt16BE(1);
    if (type === "E") {
      if (nameLength !== 0) throw new BackupError("DAMAGED", "the backup's archive has a bad end entry");
      await reader.expectEnd();
      return;
    }
    if (type !== "D" && type !== "F") throw new BackupError("DAMAGED", `the backup's archive has an entry of unknown type ${JSON.stringify(type)}`);
    const name = checkEntryName((await reader.read(nameLength)).toString("utf8"));
    const mode = (await reader.read(4)).readUInt32BE(0);
    let consumed = type === "D";
    async function* blocks(): AsyncGenerator<Buffer> {
      for (;;) {
        const length = (await reader.read(4)).readUInt32BE(0);
        if (length === 0) break;
        if (length > BLOCK_SIZE) throw new BackupError("DAMAGED", `the backup's archive has a bad block in ${name}`);
        yield Buffer.from(await reader.read(length));
      }
      consumed = true;
    }
    const body = blocks();
    yield { type, name, mode, blocks: body };
    if (!consumed) for await (const _ of body); // the caller skipped it
  }
}
