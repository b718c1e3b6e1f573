/**
 * The backup file format on its own: the encrypted chunk stream and the
 * archive inside it. A low scrypt cost keeps these fast; the format reads
 * the cost from the header, so nothing else differs from a real backup.
 */
import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { ArchiveWriter, readArchive } from "../../src/ops/backup/archive.ts";
import { BackupError, CHUNK_SIZE, EncryptedWriter, MAGIC, openEncrypted } from "../../src/ops/backup/format.ts";
import { tempDir } from "../support/temp.ts";

const PASSPHRASE = "Wolke Leuchtturm Fahrrad";
const FAST_KDF = { N: 2 ** 14, r: 8, p: 1 };
const CONTENTS = { kind: "embedded-basebackup", postgresMajor: 18, postgresVersion: "18.4" } as const;
const dir = tempDir("backup-format");
let counter = 0;

/** A backup file holding `files`; returns its path. */
async function writeBackup(files: Record<string, Buffer>): Promise<string> {
  const path = join(dir, `b${++counter}.mhbackup`);
  const handle = await open(path, "wx", 0o600);
  const writer = await EncryptedWriter.create(handle, PASSPHRASE, CONTENTS, FAST_KDF);
  const archive = new ArchiveWriter(writer);
  await archive.directory("postgres");
  for (const [name, content] of Object.entries(files)) await archive.file(name, [content]);
  await archive.end();
  await writer.finish();
  await handle.close();
  return path;
}

async function readBackup(path: string, passphrase = PASSPHRASE): Promise<Record<string, Buffer>> {
  const handle = await open(path, "r");
  try {
    const { chunks } = await openEncrypted(handle, passphrase);
    const files: Record<string, Buffer> = {};
    for await (const entry of readArchive(chunks)) {
      if (entry.type !== "F") continue;
      const parts: Buffer[] = [];
      for await (const block of entry.blocks) parts.push(block);
      files[entry.name] = Buffer.concat(parts);
    }
    return files;
  } finally {
    await handle.close();
  }
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: BackupError) => error,
  );

/** Offsets of each frame (after the header): [start, end) pairs. */
function frames(bytes: Buffer): [number, number][] {
  let position = MAGIC.length + 4 + bytes.readUInt32BE(MAGIC.length);
  const out: [number, number][] = [];
  while (position < bytes.length) {
    const end = position + 5 + bytes.readUInt32BE(position + 1) + 16;
    out.push([position, end]);
    position = end;
  }
  return out;
}

describe("backup file format", () => {
  // Several chunks: a big file, an empty one, and names in UTF-8.
  const big = randomBytes(Math.floor(CHUNK_SIZE * 2.5));
  const files = { "postgres/base/1/1259": big, "postgres/empty": Buffer.alloc(0), "master.key": Buffer.from('{"keys":{}}'), "postgres/größe": Buffer.from("ä") };

  test("what is written is read back byte for byte, over several chunks, and none of it in clear", async () => {
    const path = await writeBackup(files);
    expect(await readBackup(path)).toEqual(files);
    const bytes = readFileSync(path);
    expect(frames(bytes).length).toBe(3);
    expect(bytes.includes(big.subarray(1000, 1032))).toBe(false);
    expect(bytes.includes(Buffer.from("master.key"))).toBe(false);
    const header = JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + bytes.readUInt32BE(MAGIC.length)).toString());
    expect(header).toMatchObject({ format: 1, cipher: "aes-256-gcm", kind: "embedded-basebackup", postgresMajor: 18, kdf: { name: "scrypt", N: 2 ** 14, r: 8, p: 1 } });
  });

  test("a wrong passphrase is told apart from damage, before any content", async () => {
    const failure = await failureOf(readBackup(await writeBackup(files), "Wolke Leuchtturm Fahrrad!"));
    expect(failure).toMatchObject({ code: "WRONG_PASSPHRASE", message: "wrong passphrase for this backup" });
  });

  test("a file cut at a chunk boundary (the final chunk missing) is truncated, not complete", async () => {
    const path = await writeBackup(files);
    const bytes = readFileSync(path);
    const [, second] = frames(bytes);
    writeFileSync(path, bytes.subarray(0, second![1]));
    expect(await failureOf(readBackup(path))).toMatchObject({ code: "TRUNCATED" });
  });

  test("chunks swapped, a chunk repeated, or a chunk from another backup fail their authentication", async () => {
    const path = await writeBackup(files);
    const bytes = readFileSync(path);
    const [a, b, c] = frames(bytes).map(([start, end]) => bytes.subarray(start, end));
    const head = bytes.subarray(0, frames(bytes)[0]![0]);
    const other = readFileSync(await writeBackup(files));
    const [otherFirst] = frames(other).map(([start, end]) => other.subarray(start, end));
    for (const body of [
      [b!, a!, c!],
      [a!, a!, b!, c!],
      [otherFirst!, b!, c!],
    ]) {
      writeFileSync(path, Buffer.concat([head, ...body]));
      expect(await failureOf(readBackup(path))).toMatchObject({ code: "DAMAGED" });
    }
  });

  test("a changed byte in the header or in a chunk, or bytes after the final chunk, are refused", async () => {
    const path = await writeBackup(files);
    const bytes = readFileSync(path);
    // The header's createdAt: not used by the key check, so only the chunks' additional data catches it.
    const header = Buffer.from(bytes);
    const createdAt = header.indexOf(Buffer.from('"createdAt":"')) + 14;
    header[createdAt] = header[createdAt] === 0x31 ? 0x32 : 0x31;
    const chunk = Buffer.from(bytes);
    const inChunk = frames(bytes)[1]![0] + 100;
    chunk[inChunk] = chunk[inChunk]! ^ 0x80;
    for (const [changed, code] of [
      [header, "DAMAGED"],
      [chunk, "DAMAGED"],
      [Buffer.concat([bytes, Buffer.from([0])]), "DAMAGED"],
      [Buffer.from("not a backup at all"), "NOT_A_BACKUP"],
    ] as const) {
      writeFileSync(path, changed);
      expect(await failureOf(readBackup(path))).toMatchObject({ code });
    }
  });

  test("entry names that would leave the target directory are refused", async () => {
    for (const name of ["../etc/passwd", "/etc/passwd", "postgres/../../x", "a//b", ""]) {
      await expect(new ArchiveWriter({ write: async () => {} }).file(name, [])).rejects.toBeInstanceOf(BackupError);
    }
  });
});
