/**
 * The server master key, which wraps users' data keys for background work.
 *
 * It comes from MASTER_KEY (`id:base64[,id:base64…]`, the first is current)
 * or from a key file (MASTER_KEY_FILE, default DATA_DIR/master.key) that the
 * server creates with mode 0600 on first start. Every key has an id, stored
 * next to each wrapped value, so a rotation can move values to a new key
 * while the old one still opens what is not moved yet.
 *
 * A database dump alone therefore reveals no data key: the key file is not in
 * the database. Keep it out of database backups.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { SecretKey } from "./secret-key.ts";

export class MasterKeyError extends Error {
  override name = "MasterKeyError";
}

interface KeyFile {
  version: 1;
  current: string;
  keys: Record<string, string>;
}

export interface MasterKeyring {
  /** Id of the key new wraps use. */
  readonly currentId: string;
  current(): { id: string; key: SecretKey };
  /** The key with this id; re-reads the key file once if it is not known (another process rotated). */
  get(id: string): SecretKey;
  /** Where the keys come from: the file path, or "MASTER_KEY". */
  readonly source: string;
}

export function newMasterKeyId(): string {
  return `mk-${new Date().toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(3).toString("hex")}`;
}

function parseKey(id: string, base64: string, source: string): SecretKey {
  const bytes = Buffer.from(base64, "base64");
  if (!/^[\w.-]{1,64}$/.test(id) || bytes.length !== 32) throw new MasterKeyError(`${source}: key "${id}" must be an id and 32 bytes of base64`);
  return new SecretKey(bytes);
}

function parseKeyFile(path: string): { currentId: string; keys: Map<string, SecretKey> } {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) throw new MasterKeyError(`master key file ${path} is readable by others (mode ${mode.toString(8)}); run chmod 600 ${path}`);
  let file: KeyFile;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
  } catch {
    throw new MasterKeyError(`master key file ${path} is not valid JSON`);
  }
  const keys = new Map(Object.entries(file.keys ?? {}).map(([id, value]) => [id, parseKey(id, value, path)] as const));
  if (!keys.has(file.current)) throw new MasterKeyError(`master key file ${path}: current key "${file.current}" is missing`);
  return { currentId: file.current, keys };
}

/** Writes a key file atomically with mode 0600 (a temporary file renamed over the old one). */
export function writeKeyFile(path: string, currentId: string, keys: Map<string, SecretKey>): void {
  const content: KeyFile = { version: 1, current: currentId, keys: Object.fromEntries([...keys].map(([id, key]) => [id, Buffer.from(key.bytes()).toString("base64")])) };
  const temporary = join(dirname(path), `.master.key.${process.pid}.tmp`);
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Creates the key file if there is none; `wx` makes a concurrent second process read the winner's file instead. */
function createKeyFileOnce(path: string): void {
  if (existsSync(path)) return;
  const id = newMasterKeyId();
  const content: KeyFile = { version: 1, current: id, keys: { [id]: randomBytes(32).toString("base64") } };
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
    throw new MasterKeyError(`cannot create master key file ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * @example
 *   const keyring = loadMasterKeyring({ masterKey: process.env.MASTER_KEY, keyFile: "/var/lib/mail-helper/master.key" });
 *   const { id, key } = keyring.current();
 */
export function loadMasterKeyring(options: { masterKey?: string; keyFile: string }): MasterKeyring {
  if (options.masterKey) {
    const entries = options.masterKey.split(",").map((entry) => {
      const [id = "", value = ""] = entry.trim().split(":");
      return [id, parseKey(id, value, "MASTER_KEY")] as const;
    });
    const keys = new Map(entries);
    const currentId = entries[0]![0];
    return {
      currentId,
      source: "MASTER_KEY",
      current: () => ({ id: currentId, key: keys.get(currentId)! }),
      get: (id) => {
        const key = keys.get(id);
        if (!key) throw new MasterKeyError(`master key "${id}" is not in MASTER_KEY`);
        return key;
      },
    };
  }
  createKeyFileOnce(options.keyFile);
  let loaded = parseKeyFile(options.keyFile);
  let loadedMtime = statSync(options.keyFile).mtimeMs;
  // A rotation by another process rewrites the file: pick up its new current key before wrapping anything.
  const fresh = () => {
    const mtime = statSync(options.keyFile).mtimeMs;
    if (mtime !== loadedMtime) {
      loaded = parseKeyFile(options.keyFile);
      loadedMtime = mtime;
    }
    return loaded;
  };
  return {
    get currentId() {
      return fresh().currentId;
    },
    source: options.keyFile,
    current: () => {
      const { currentId, keys } = fresh();
      return { id: currentId, key: keys.get(currentId)! };
    },
    get: (id) => {
      if (!loaded.keys.has(id)) loaded = parseKeyFile(options.keyFile);
      const key = loaded.keys.get(id);
      if (!key) throw new MasterKeyError(`master key "${id}" is not in ${options.keyFile}`);
      return key;
    },
  };
}
