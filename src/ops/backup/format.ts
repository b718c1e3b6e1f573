/**
 * The backup file: a clear header, then the archive encrypted to a
 * passphrase in authenticated chunks, so a multi-GB database never sits in
 * memory and every byte is checked on the way back.
 *
 *   "MHBACKUP" | u32 header length | header (JSON, see BackupHeader)
 *   frame*     : u8 flags (1 = final) | u32 ciphertext length | ciphertext | 16-byte GCM tag
 *
 * - Key: scrypt(passphrase, random salt) → 64 bytes; the first 32 are the
 *   AES-256-GCM key, a hash of the rest is the header's `keyCheck`, so a
 *   wrong passphrase is told apart from a damaged file before anything is
 *   written.
 * - Nonce of frame n: n as 8 bytes big-endian, three zero bytes, the final
 *   flag. A fresh salt gives every file its own key, so counters never repeat
 *   under one key. Frames moved, dropped or repeated fail their tag; a file
 *   cut at a frame boundary lacks the final frame; bytes after it are refused.
 * - Every frame's additional data is a hash of the magic and header: the
 *   header cannot be changed without every frame failing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { FileHandle } from "node:fs/promises";

export const MAGIC = Buffer.from("MHBACKUP");
export const FORMAT_VERSION = 1;
/** Plaintext per frame: large enough that the 21 bytes of framing are noise, small enough to hold a few in memory. */
export const CHUNK_SIZE = 1024 * 1024;
/** The header is a few hundred bytes; anything far larger is not one of ours. */
const MAX_HEADER_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const FINAL = 1;

/**
 * scrypt at N = 2^17, r = 8 (128 MiB, ~0.3-0.5 s here): OWASP's
 * recommended minimum is N = 2^17 for interactive use; a backup is opened
 * rarely, so each guess may cost that much.
 */
export const DEFAULT_KDF = { name: "scrypt", N: 2 ** 17, r: 8, p: 1 } as const;

/** What a backup holds, readable without the passphrase. */
export interface BackupHeader {
  format: number;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  keyCheck: string;
  cipher: "aes-256-gcm";
  chunkSize: number;
  createdAt: string;
  /** embedded-basebackup: the embedded cluster's files and WAL; pg_dump: a custom-format dump of an external server; user-export: one user's data (src/export/), postgresMajor 0. */
  kind: "embedded-basebackup" | "pg_dump" | "user-export";
  postgresMajor: number;
  postgresVersion: string;
}

export type BackupContents = Pick<BackupHeader, "kind" | "postgresMajor" | "postgresVersion">;

/** A stable machine code and a sentence for the operator. */
export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    readonly code: "WRONG_PASSPHRASE" | "DAMAGED" | "TRUNCATED" | "NOT_A_BACKUP" | "UNSUPPORTED" | "USAGE" | "TARGET_NOT_EMPTY" | "POSTGRES",
    message: string,
  ) {
    super(message);
  }
}

/** Passphrases shorter than this are refused for new backups. */
export const MIN_PASSPHRASE_LENGTH = 12;

export function deriveKeys(passphrase: string, kdf: BackupHeader["kdf"]): Promise<{ key: Buffer; check: Buffer }> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024 };
  return new Promise((resolveKeys, reject) => {
    scryptCallback(passphrase.normalize("NFC"), Buffer.from(kdf.salt, "base64"), 64, options, (error, derived) => {
      if (error) return reject(new BackupError("UNSUPPORTED", `cannot derive the key: ${error.message}`));
      resolveKeys({ key: derived.subarray(0, 32), check: createHash("sha256").update("mail-helper backup key check").update(derived.subarray(32)).digest().subarray(0, 16) });
    });
  });
}

function nonce(counter: number, final: boolean): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(counter), 0);
  bytes[11] = final ? FINAL : 0;
  return bytes;
}

function headerDigest(headerBytes: Buffer): Buffer {
  return createHash("sha256").update(MAGIC).update(headerBytes).digest();
}

/**
 * Writes an encrypted backup to an open file, chunk by chunk.
 *
 * @example
 *   const out = await EncryptedWriter.create(file, passphrase, { kind: "pg_dump", postgresMajor: 18, postgresVersion: "18.1" });
 *   await out.write(bytes);
 *   await out.finish();
 */
export class EncryptedWriter {
  private buffer = Buffer.alloc(CHUNK_SIZE);
  private filled = 0;
  private counter = 0;
  private finished = false;

  private constructor(
    private readonly file: FileHandle,
    private readonly key: Buffer,
    private readonly aad: Buffer,
  ) {}

  static async create(file: FileHandle, passphrase: string, contents: BackupContents, kdfParameters: { N: number; r: number; p: number } = DEFAULT_KDF): Promise<EncryptedWriter> {
    return await EncryptedWriter.createWithKey(file, await prepareKey(passphrase, kdfParameters), contents);
  }

  /** With a key prepared earlier (prepareKey), so the passphrase need not be at hand when the file is written. */
  static async createWithKey(file: FileHandle, prepared: PreparedKey, contents: BackupContents): Promise<EncryptedWriter> {
    const { kdf, key, keyCheck } = prepared;
    const header: BackupHeader = {
      format: FORMAT_VERSION,
      kdf,
      keyCheck,
      cipher: "aes-256-gcm",
      chunkSize: CHUNK_SIZE,
      createdAt: new Date().toISOString(),
      ...contents,
    };
    const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(headerBytes.length);
    await file.write(Buffer.concat([MAGIC, length, headerBytes]));
    return new EncryptedWriter(file, key, headerDigest(headerBytes));
  }

  async write(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(CHUNK_SIZE - this.filled, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === CHUNK_SIZE) await this.flush(false);
    }
  }

  /** Writes the final frame (possibly empty) and syncs the file. */
  async finish(): Promise<void> {
    if (this.finished) return;
    await this.flush(true);
    this.finished = true;
    await this.file.sync();
  }

  private async flush(final: boolean): Promise<void> {
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce(this.counter++, final));
    cipher.setAAD(this.aad);
    const ciphertext = Buffer.concat([cipher.update(this.buffer.subarray(0, this.filled)), cipher.final()]);
    const frameHeader = Buffer.alloc(5);
    frameHeader[0] = final ? FINAL : 0;
    frameHeader.writeUInt32BE(ciphertext.length, 1);
    await this.file.write(Buffer.concat([frameHeader, ciphertext, cipher.getAuthTag()]));
    this.filled = 0;
  }
}

/** A passphrase's archive key with what its header must say (salt, parameters, key check); the passphrase itself is gone. */
export interface PreparedKey {
  kdf: BackupHeader["kdf"];
  key: Buffer;
  keyCheck: string;
}

/** Derives the key of a new file from a passphrase with a fresh salt. */
export async function prepareKey(passphrase: string, kdfParameters: { N: number; r: number; p: number } = DEFAULT_KDF): Promise<PreparedKey> {
  const kdf = { name: "scrypt" as const, N: kdfParameters.N, r: kdfParameters.r, p: kdfParameters.p, salt: randomBytes(16).toString("base64") };
  const { key, check } = await deriveKeys(passphrase, kdf);
  return { kdf, key, keyCheck: check.toString("base64") };
}

/** Reads exactly `length` bytes at `position`, or fewer at the end of the file. */
async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}

/** The clear header of a backup file, checked for shape; throws NOT_A_BACKUP or UNSUPPORTED. */
export async function readHeader(file: FileHandle): Promise<{ header: BackupHeader; headerBytes: Buffer; dataOffset: number }> {
  const start = await readAt(file, 0, MAGIC.length + 4);
  if (start.length < MAGIC.length + 4 || !start.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError("NOT_A_BACKUP", "not a Mail Helper backup file");
  const length = start.readUInt32BE(MAGIC.length);
  if (length > MAX_HEADER_BYTES) throw new BackupError("NOT_A_BACKUP", "not a Mail Helper backup file (header too large)");
  const headerBytes = await readAt(file, MAGIC.length + 4, length);
  if (headerBytes.length < length) throw new BackupError("TRUNCATED", "the backup file is truncated (header incomplete)");
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString("utf8")) as BackupHeader;
  } catch {
    throw new BackupError("DAMAGED", "the backup file's header is damaged");
  }
  if (header.format !== FORMAT_VERSION) throw new BackupError("UNSUPPORTED", `backup format ${header.format} is not supported by this version (reads format ${FORMAT_VERSION})`);
  const { kdf } = header;
  const validKdf = kdf?.name === "scrypt" && Number.isInteger(kdf.N) && kdf.N >= 2 ** 14 && kdf.N <= 2 ** 22 && (kdf.N & (kdf.N - 1)) === 0 && kdf.r >= 1 && kdf.r <= 32 && kdf.p >= 1 && kdf.p <= 16;
  if (!validKdf || header.cipher !== "aes-256-gcm" || header.chunkSize !== CHUNK_SIZE) throw new BackupError("DAMAGED", "the backup file's header is damaged (unknown key derivation or cipher)");
  return { header, headerBytes, dataOffset: MAGIC.length + 4 + length };
}

/**
 * The plaintext of a backup, chunk by chunk, each authenticated before it is
 * handed out. Throws WRONG_PASSPHRASE before the first chunk, DAMAGED or
 * TRUNCATED where the file stops being what was written.
 */
export async function openEncrypted(file: FileHandle, passphrase: string): Promise<{ header: BackupHeader; chunks: AsyncGenerator<Buffer> }> {
  const { header, headerBytes, dataOffset } = await readHeader(file);
  const { key, check } = await deriveKeys(passphrase, header.kdf);
  const expected = Buffer.from(header.keyCheck ?? "", "base64");
  if (expected.length !== check.length || !timingSafeEqual(expected, check)) throw new BackupError("WRONG_PASSPHRASE", "wrong passphrase for this backup");
  const aad = headerDigest(headerBytes);
  async function* chunks(): AsyncGenerator<Buffer> {
    let position = dataOffset;
    for (let counter = 0; ; counter++) {
      const frameHeader = await readAt(file, position, 5);
      if (frameHeader.length < 5) throw new BackupError("TRUNCATED", `the backup file is truncated (it ends after ${counter} chunks, before the final one)`);
      const flags = frameHeader[0]!;
      const length = frameHeader.readUInt32BE(1);
      if ((flags & ~FINAL) !== 0 || length > CHUNK_SIZE) throw new BackupError("DAMAGED", `the backup file is damaged (chunk ${counter} has a bad frame)`);
      const body = await readAt(file, position + 5, length + TAG_BYTES);
      if (body.length < length + TAG_BYTES) throw new BackupError("TRUNCATED", `the backup file is truncated (in chunk ${counter})`);
      const final = flags === FINAL;
      const decipher = createDecipheriv("aes-256-gcm", key, nonce(counter, final));
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(length));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw new BackupError("DAMAGED", `the backup file is damaged: chunk ${counter} fails its authentication (changed, reordered or from another file)`);
      }
      position += 5 + length + TAG_BYTES;
      yield plaintext;
      if (final) {
        if ((await readAt(file, position, 1)).length > 0) throw new BackupError("DAMAGED", "the backup file is damaged: data follows the final chunk");
        return;
      }
    }
  }
  return { header, chunks: chunks() };
}
