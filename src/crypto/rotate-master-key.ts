/**
 * Master-key rotation: every data key wrapped by the master key (users in
 * background mode, strict-mode sessions) is re-wrapped by the current key,
 * then keys nothing uses any more are dropped from the key file.
 *
 * With a key file, a new key is generated and made current first. With
 * MASTER_KEY, put the new key first in the list (keeping the old one), restart,
 * run the rotation, then remove the old key from MASTER_KEY.
 */
import { readFileSync } from "node:fs";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";
import { unwrapForSession, unwrapWithMaster, wrapForSession, wrapWithMaster } from "./data-key.ts";
import { loadMasterKeyring, newMasterKeyId, writeKeyFile, type MasterKeyring } from "./master-key.ts";
import { SecretKey } from "./secret-key.ts";

export interface RotationResult {
  currentId: string;
  users: number;
  sessions: number;
  /** Key ids no wrapped value uses any more (dropped from the key file; with MASTER_KEY, safe to remove from it). */
  retired: string[];
}

async function rewrapUsers(sql: Sql, keyring: MasterKeyring): Promise<number> {
  const rows = await sql<{ id: string; wrapped: Uint8Array; keyId: string }[]>`
    select id, dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users
    where dek_master_wrapped is not null and dek_master_key_id <> ${keyring.currentId}`;
  for (const row of rows) {
    const wrap = wrapWithMaster(unwrapWithMaster(row, keyring, row.id), keyring, row.id);
    // Compare-and-set: a concurrent mode change or reset wins; the next pass looks again.
    await sql`update users set dek_master_wrapped = ${wrap.wrapped}, dek_master_key_id = ${wrap.keyId} where id = ${row.id} and dek_master_key_id = ${row.keyId}`;
  }
  return rows.length;
}

async function rewrapSessions(sql: Sql, keyring: MasterKeyring): Promise<number> {
  const rows = await sql<{ id: string; userId: string; wrapped: Uint8Array; keyId: string }[]>`
    select encode(id, 'hex') as id, user_id as "userId", dek_wrapped as wrapped, dek_key_id as "keyId" from sessions
    where dek_wrapped is not null and dek_key_id <> ${keyring.currentId}`;
  for (const row of rows) {
    const dataKey = unwrapForSession({ wrapped: row.wrapped, keyId: row.keyId }, keyring, row.userId, row.id);
    const wrap = wrapForSession(dataKey, keyring, row.userId, row.id);
    await sql`update sessions set dek_wrapped = ${wrap.wrapped}, dek_key_id = ${wrap.keyId} where id = ${Buffer.from(row.id, "hex")} and dek_key_id = ${row.keyId}`;
  }
  return rows.length;
}

async function keyIdsInUse(sql: Sql): Promise<Set<string>> {
  const rows = await sql<{ id: string }[]>`
    select dek_master_key_id as id from users where dek_master_key_id is not null
    union select dek_key_id from sessions where dek_key_id is not null`;
  return new Set(rows.map((row) => row.id));
}

/** Adds a new key and makes it current; keeps the keys that still wrap something. */
async function addCurrentKey(sql: Sql, keyFile: string): Promise<void> {
  const keyring = loadMasterKeyring({ keyFile });
  const keys = new Map<string, SecretKey>([[keyring.currentId, keyring.get(keyring.currentId)]]);
  for (const id of await keyIdsInUse(sql)) keys.set(id, keyring.get(id));
  const newId = newMasterKeyId();
  keys.set(newId, SecretKey.random());
  writeKeyFile(keyFile, newId, keys);
}

/** Rewrites the key file with only the current key and the keys still in use; returns the ids dropped. */
function dropUnusedKeys(keyFile: string, inUse: Set<string>): string[] {
  const keyring = loadMasterKeyring({ keyFile });
  const all = JSON.parse(readFileSync(keyFile, "utf8")).keys as Record<string, string>;
  const keep = new Map<string, SecretKey>();
  for (const id of Object.keys(all)) if (id === keyring.currentId || inUse.has(id)) keep.set(id, keyring.get(id));
  writeKeyFile(keyFile, keyring.currentId, keep);
  return Object.keys(all).filter((id) => !keep.has(id));
}

/**
 * @example
 *   await rotateMasterKey(sql, { keyFile: "/var/lib/mail-helper/master.key" }, log);
 */
export async function rotateMasterKey(sql: Sql, source: { masterKey?: string; keyFile: string }, log: Logger): Promise<RotationResult> {
  if (!source.masterKey) await addCurrentKey(sql, source.keyFile);
  const keyring = loadMasterKeyring(source);
  let users = 0;
  let sessions = 0;
  // Repeat until nothing is left on an old key: values written meanwhile by processes that had not yet seen the new key.
  for (let pass = 0; pass < 5; pass++) {
    const movedUsers = await rewrapUsers(sql, keyring);
    const movedSessions = await rewrapSessions(sql, keyring);
    users += movedUsers;
    sessions += movedSessions;
    if (movedUsers + movedSessions === 0) break;
  }
  const inUse = await keyIdsInUse(sql);
  const retired = source.masterKey
    ? source.masterKey
        .split(",")
        .map((entry) => entry.trim().split(":")[0]!)
        .filter((id) => id !== keyring.currentId && !inUse.has(id))
    : dropUnusedKeys(source.keyFile, inUse);
  log.info("master key rotated", { currentId: keyring.currentId, users, sessions, retired });
  return { currentId: keyring.currentId, users, sessions, retired };
}
