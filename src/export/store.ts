/**
 * The user's exports: requested with a passphrase, built by the
 * `build_export` job, downloadable by their owner until they expire, then
 * deleted by `delete_expired_exports`. Every query is scoped by the user;
 * another user's export id is not found.
 *
 * The passphrase never leaves the request that asked for the export: the
 * archive key is derived from it there (scrypt, as for backups) and stored
 * only encrypted under the user's data key, bound to the export, until the
 * job has used it; then the column is cleared.
 */
import { mkdirSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { decodePageCursor, encodePageCursor, keysetPage, type KeysetPage, type PagePosition } from "../auth/keyset-page.ts";
import type { Config } from "../config.ts";
import { decrypt, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { addJob } from "../jobs/add-job.ts";
import { DEFAULT_KDF, MIN_PASSPHRASE_LENGTH, prepareKey, type PreparedKey } from "../ops/backup/format.ts";

/** How long a finished archive can be downloaded before the maintenance job deletes it. */
export const EXPORT_LIFETIME_HOURS = 24;
/** Shorter passphrases are refused: the archive leaves the server and can be guessed at offline. */
export const MIN_EXPORT_PASSPHRASE_LENGTH = MIN_PASSPHRASE_LENGTH;
/** Exports of one user at once (queued or running): one is plenty, more is a way to fill the disk. */
export const MAX_PENDING_EXPORTS = 1;

export type ExportStatus = "queued" | "running" | "ready" | "failed" | "expired";
/** Why a build failed, as a stable code for the page to put in words. */
export type ExportFailure = "data_key_unavailable" | "key_missing" | "failed";

export interface ExportCounts {
  messages: number;
  folders: number;
  analyses: number;
  corrections: number;
  tags: number;
  tagAssignments: number;
  rules: number;
  senderPatterns: number;
  vipSenders: number;
}

export interface UserExport {
  id: string;
  status: ExportStatus;
  done: number;
  total: number;
  counts: ExportCounts | null;
  sizeBytes: number | null;
  errorCode: ExportFailure | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

const COLUMNS = (sql: Queryable) =>
  sql`id, status, done, total, counts, size_bytes::float8 as "sizeBytes", error_code as "errorCode", created_at as "createdAt",
      finished_at as "finishedAt", expires_at as "expiresAt"`;

const keyBinding = (userId: string, exportId: string) => ({ owner: userId, purpose: `export-key:${exportId}` });

/** Where archives are written: under the data directory, never served statically. */
export function exportsDir(config: Pick<Config, "DATA_DIR">): string {
  const dir = join(config.DATA_DIR, "exports");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export const exportFile = (config: Pick<Config, "DATA_DIR">, exportId: string) => join(exportsDir(config), `${exportId}.mhexport`);

async function pendingExports(sql: Queryable, userId: string): Promise<number> {
  const [{ pending }] = (await sql`select count(*)::int as pending from user_exports where user_id = ${userId} and status in ('queued', 'running')`) as unknown as [{ pending: number }];
  return pending;
}

export type RequestExportResult = { ok: true; export: UserExport } | { ok: false; reason: "passphrase_too_short" | "busy" };

/**
 * Queues an export: derives the archive key from the passphrase here and
 * keeps it encrypted under the data key for the job (payload: the export id).
 *
 * @example
 *   const result = await requestExport(sql, dataKey, userId, "Leuchtturm Fahrrad Wolke");
 *   if (result.ok) redirect(`/account/export/${result.export.id}`);
 */
export async function requestExport(sql: Sql, dataKey: SecretKey, userId: string, passphrase: string, kdf: { N: number; r: number; p: number } = DEFAULT_KDF): Promise<RequestExportResult> {
  if ([...passphrase].length < MIN_EXPORT_PASSPHRASE_LENGTH) return { ok: false, reason: "passphrase_too_short" };
  // Checked before the key derivation too (0.3-0.5 s and 128 MiB each): a client repeating the request costs a query, not an scrypt.
  if ((await pendingExports(sql, userId)) >= MAX_PENDING_EXPORTS) return { ok: false, reason: "busy" };
  const prepared = await prepareKey(passphrase, kdf);
  return await sql.begin(async (tx) => {
    // One check per user at a time: two requests at once cannot both pass the limit.
    await tx`select 1 from users where id = ${userId} for update`;
    if ((await pendingExports(tx, userId)) >= MAX_PENDING_EXPORTS) return { ok: false, reason: "busy" } as const;
    const id = crypto.randomUUID();
    const sealed = encrypt(dataKey, JSON.stringify({ kdf: prepared.kdf, key: prepared.key.toString("base64"), keyCheck: prepared.keyCheck }), keyBinding(userId, id));
    const [row] = await tx<UserExport[]>`
      insert into user_exports (id, user_id, key_encrypted) values (${id}, ${userId}, ${sealed}) returning ${COLUMNS(tx)}`;
    await addJob(tx, "build_export", { exportId: id }, { jobKey: `build_export:${id}`, maxAttempts: 3 });
    return { ok: true, export: row! } as const;
  });
}

/** The archive key kept for the job; null once used (or for another user's export). */
export async function takeExportKey(sql: Queryable, dataKey: SecretKey, userId: string, exportId: string): Promise<PreparedKey | null> {
  const [row] = await sql<{ sealed: Uint8Array | null }[]>`select key_encrypted as sealed from user_exports where id = ${exportId} and user_id = ${userId}`;
  if (!row?.sealed) return null;
  const opened = JSON.parse(decrypt(dataKey, row.sealed, keyBinding(userId, exportId)).toString("utf8")) as { kdf: PreparedKey["kdf"]; key: string; keyCheck: string };
  return { kdf: opened.kdf, key: Buffer.from(opened.key, "base64"), keyCheck: opened.keyCheck };
}

/** The owner of an export, for the job (payload: the export id only). */
export async function exportOwner(sql: Queryable, exportId: string): Promise<{ userId: string; status: ExportStatus } | undefined> {
  if (!isUuid(exportId)) return undefined;
  const [row] = await sql<{ userId: string; status: ExportStatus }[]>`select user_id as "userId", status from user_exports where id = ${exportId}`;
  return row;
}

export async function markExportRunning(sql: Queryable, exportId: string, total: number): Promise<void> {
  await sql`update user_exports set status = 'running', done = 0, total = ${total} where id = ${exportId}`;
}

export async function recordExportProgress(sql: Queryable, exportId: string, done: number): Promise<void> {
  await sql`update user_exports set done = ${done} where id = ${exportId}`;
}

export async function markExportReady(sql: Queryable, exportId: string, counts: ExportCounts, sizeBytes: number): Promise<void> {
  await sql`
    update user_exports set status = 'ready', key_encrypted = null, counts = ${sql.json(counts as never)}, size_bytes = ${sizeBytes}, done = total,
           finished_at = now(), expires_at = now() + make_interval(hours => ${EXPORT_LIFETIME_HOURS})
    where id = ${exportId}`;
}

/** A failed build keeps no key; its row stays for the page until it expires like a finished one. */
export async function markExportFailed(sql: Queryable, exportId: string, code: ExportFailure): Promise<void> {
  await sql`
    update user_exports set status = 'failed', key_encrypted = null, error_code = ${code}, finished_at = now(),
           expires_at = now() + make_interval(hours => ${EXPORT_LIFETIME_HOURS})
    where id = ${exportId}`;
}

/** The user's exports, newest first (a handful: they expire after a day). */
export async function listExports(sql: Queryable, userId: string): Promise<UserExport[]> {
  return await sql<UserExport[]>`select ${COLUMNS(sql)} from user_exports where user_id = ${userId} order by created_at desc, id desc limit 50`;
}

/** Exports per page of GET /api/v1/exports. */
export const EXPORT_PAGE_SIZE = 20;
const CURSOR_KEY = /^(\d{1,20})\|([0-9a-f-]{36})$/;

/**
 * A keyset page of the user's exports, newest first; cursors hold the
 * creation time in microseconds and the id.
 *
 * @throws InvalidPageCursorError for a cursor this server did not make
 */
export async function pageExports(sql: Queryable, userId: string, position: PagePosition, size = EXPORT_PAGE_SIZE): Promise<KeysetPage<UserExport>> {
  const micros = sql`(floor(extract(epoch from created_at) * 1000000))::bigint`;
  const cursor = position && ("after" in position ? position.after : position.before);
  const key = cursor ? decodePageCursor(cursor, CURSOR_KEY) : undefined;
  const backwards = position !== undefined && "before" in position;
  const where = key ? (backwards ? sql`and (${micros}, id) > (${key[1]!}::bigint, ${key[2]!}::uuid)` : sql`and (${micros}, id) < (${key[1]!}::bigint, ${key[2]!}::uuid)`) : sql``;
  const rows = await sql<(UserExport & { cursorKey: string })[]>`
    select ${COLUMNS(sql)}, ${micros}::text || '|' || id::text as "cursorKey" from user_exports
    where user_id = ${userId} ${where}
    order by ${backwards ? sql`created_at asc, id asc` : sql`created_at desc, id desc`} limit ${size + 1}`;
  const page = keysetPage(rows, size, position, (row) => encodePageCursor(row.cursorKey));
  return { ...page, rows: page.rows.map(({ cursorKey: _, ...row }) => row) };
}

export async function getExport(sql: Queryable, userId: string, exportId: string): Promise<UserExport | undefined> {
  if (!isUuid(exportId)) return undefined;
  const [row] = await sql<UserExport[]>`select ${COLUMNS(sql)} from user_exports where id = ${exportId} and user_id = ${userId}`;
  return row;
}

/** The file of a ready, unexpired export of the user; undefined otherwise. */
export async function downloadableExport(sql: Queryable, config: Pick<Config, "DATA_DIR">, userId: string, exportId: string): Promise<{ path: string; export: UserExport } | undefined> {
  const found = await getExport(sql, userId, exportId);
  if (!found || found.status !== "ready" || !found.expiresAt || found.expiresAt <= new Date()) return undefined;
  return { path: exportFile(config, exportId), export: found };
}

/** Deletes the user's export now (file and row); false when it is not theirs. */
export async function deleteExport(sql: Sql, config: Pick<Config, "DATA_DIR">, userId: string, exportId: string): Promise<boolean> {
  if (!isUuid(exportId)) return false;
  const rows = await sql`delete from user_exports where id = ${exportId} and user_id = ${userId} and status not in ('queued', 'running') returning id`;
  if (rows.length === 0) return false;
  await rm(exportFile(config, exportId), { force: true });
  return true;
}

/**
 * Deletes the files of exports past their time and marks them expired; rows
 * a week past expiry go too. Returns how many files were deleted.
 */
export async function deleteExpiredExports(sql: Sql, config: Pick<Config, "DATA_DIR">): Promise<number> {
  const expired = await sql<{ id: string }[]>`
    update user_exports set status = 'expired', key_encrypted = null where status in ('ready', 'failed') and expires_at <= now() returning id`;
  for (const { id } of expired) await rm(exportFile(config, id), { force: true });
  await sql`delete from user_exports where status = 'expired' and expires_at <= now() - interval '7 days'`;
  return expired.length + (await deleteOrphanFiles(sql, config));
}

/** A partial file older than this belongs to a build that died (a build of the largest mailbox takes minutes). */
const PARTIAL_FILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Files without a downloadable row: the export's user was deleted (the row
 * went with them), or a build died halfway. Returns how many were deleted.
 */
async function deleteOrphanFiles(sql: Sql, config: Pick<Config, "DATA_DIR">): Promise<number> {
  const dir = exportsDir(config);
  const names = await readdir(dir);
  const live = new Set((await sql<{ id: string }[]>`select id from user_exports where status in ('queued', 'running', 'ready')`).map((row) => row.id));
  let deleted = 0;
  for (const name of names) {
    const match = /^([0-9a-f-]{36})\.mhexport(\.partial)?$/.exec(name);
    if (!match) continue;
    const stale = match[2] ? Date.now() - (await stat(join(dir, name))).mtimeMs > PARTIAL_FILE_MAX_AGE_MS : !live.has(match[1]!);
    if (!stale) continue;
    await rm(join(dir, name), { force: true });
    deleted++;
  }
  return deleted;
}
