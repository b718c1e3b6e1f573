/**
 * Carries out one import (the `import_mail` task): counts the source's
 * messages for progress, then reads, parses and stores them in batches
 * through the sync's storeBatch into an offline account, so imported mail
 * is encrypted, threaded, indexed, analysed and given to the rules exactly
 * like synced mail. A message the user already has (the same message
 * identity, in any of their accounts, or twice in one folder of the source)
 * is skipped as a duplicate. Progress is written after every stored batch;
 * a retried job skips what it already processed.
 */
import type { Services } from "../../services.ts";
import { rm } from "node:fs/promises";
import { relative } from "node:path";
import { dataKeyForBackgroundWork } from "../../auth/data-key-access.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import { byteaArray } from "../../db/bytea.ts";
import type { Sql } from "../../db/connection.ts";
import { SYNC_BATCH_BYTES, SYNC_BATCH_MESSAGES } from "../../limits.ts";
import { searchKey, searchTokenizer } from "../../search/blind-index.ts";
import { identityKeys, ownIdentity, type IdentityKeys } from "../message-identity.ts";
import { parseMessage, type ParsedMessage } from "../parse/parse-message.ts";
import { storeBatch, type FetchedMessage } from "../sync/store.ts";
import { importPath, type MailImport, type UnreadableMessage } from "./imports.ts";
import { createOfflineAccount, offlineAccountByLabel, OFFLINE_UIDVALIDITY, offlineFolder, type OfflineFolder } from "./offline-account.ts";
import { countSource, detectFormat, mboxEntries, readSource, type ImportEntry, type ImportFormat } from "./source.ts";
import { archiveUserData, forgetImportPassphrase, isEncryptedArchive, openArchiveForImport, openedArchiveDir, type OpenedExportArchive } from "./export-archive.ts";
import { restoreUserData } from "../../export/restore.ts";

interface RunState {
  sql: Sql;
  userId: string;
  importId: string;
  /** The import's offline account; an export archive's messages go to one per exported account (`accounts`, by label). */
  accountId: string;
  accounts: Map<string, string>;
  dataKey: SecretKey;
  identity: IdentityKeys;
  searchTokens: (message: ParsedMessage) => string;
  /** By "accountId/path". */
  folders: Map<string, OfflineFolder & { accountId: string }>;
}

const hex = (buffer: Buffer) => buffer.toString("hex");

/**
 * What the user already has of `keys`: an identity (hex of the Message-ID hash, and separately of the content
 * hash) known in another account, or "folderId:identity" for a copy in the folders of this import's own accounts
 * (a message may be in two of them). A message with
 * a Message-ID is the same message whatever its bytes (an mbox of synced mail has LF where the server had CRLF);
 * one without is known by its content.
 */
async function knownIdentities(state: RunState, keys: { messageIdHash: Buffer; contentHash: Buffer; hasMessageId: boolean }[]): Promise<Set<string>> {
  const withId = keys.filter((key) => key.hasMessageId).map((key) => key.messageIdHash);
  const rows = await state.sql<{ accountId: string; messageIdHash: Buffer; contentHash: Buffer; folderIds: string[] }[]>`
    select m.account_id as "accountId", m.message_id_hash as "messageIdHash", m.content_hash as "contentHash",
           coalesce(array_agg(c.folder_id) filter (where c.folder_id is not null), '{}') as "folderIds"
    from messages m left join message_copies c on c.message_id = m.id
    where m.user_id = ${state.userId}
      and (m.content_hash = any(${byteaArray(
        state.sql,
        keys.map((key) => key.contentHash),
      )}) or m.message_id_hash = any(${byteaArray(state.sql, withId)}))
    group by m.id`;
  const importAccounts = new Set([state.accountId, ...state.accounts.values()]);
  const known = new Set<string>();
  for (const row of rows) {
    for (const identity of [`mid:${hex(Buffer.from(row.messageIdHash))}`, `content:${hex(Buffer.from(row.contentHash))}`]) {
      if (!importAccounts.has(row.accountId)) known.add(identity);
      else for (const folderId of row.folderIds) known.add(`${folderId}:${identity}`);
    }
  }
  return known;
}

/** The names a message is known by in `knownIdentities`' set. */
function identityNames(key: { messageIdHash: Buffer; contentHash: Buffer; hasMessageId: boolean }): string[] {
  return [...(key.hasMessageId ? [`mid:${hex(key.messageIdHash)}`] : []), `content:${hex(key.contentHash)}`];
}

/** An exported account's offline mailbox by its label: the one an earlier import of the same archive made, else a new one. */
async function accountFor(state: RunState, label: string | undefined): Promise<string> {
  if (label === undefined) return state.accountId;
  let id = state.accounts.get(label);
  if (!id) {
    id = await offlineAccountByLabel(state.sql, state.dataKey, state.userId, label);
    state.accounts.set(label, id);
  }
  return id;
}

async function folderFor(state: RunState, entry: ImportEntry): Promise<{ key: string; folder: OfflineFolder }> {
  const accountId = await accountFor(state, entry.account);
  const key = `${accountId}/${entry.folder}`;
  let folder = state.folders.get(key);
  if (!folder) {
    folder = { ...(await offlineFolder(state.sql, state.userId, accountId, entry.folder)), accountId };
    state.folders.set(key, folder);
  }
  return { key, folder };
}

/** Parses and stores one batch; answers what it counted. */
async function storeEntries(state: RunState, entries: { entry: ImportEntry; position: number }[]) {
  const unreadable: UnreadableMessage[] = [];
  const readable = entries.filter(({ entry, position }) => {
    const empty = entry.raw.byteLength === 0 || entry.raw.every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09);
    if (empty) unreadable.push({ position, name: entry.name, reasons: ["empty"], stored: false });
    return !empty;
  });
  const parsed = await Promise.all(readable.map(({ entry }) => parseMessage(entry.raw)));
  const identities = parsed.map((message) => ({ ...ownIdentity(state.identity, message.messageId, message.contentHash), hasMessageId: Boolean(message.messageId) }));
  const known = await knownIdentities(state, identities);
  const byFolder = new Map<string, FetchedMessage[]>();
  let duplicates = 0;
  for (const [index, { entry, position }] of readable.entries()) {
    const message = parsed[index]!;
    const { key, folder } = await folderFor(state, entry);
    const names = identityNames(identities[index]!);
    if (names.some((name) => known.has(name) || known.has(`${folder.id}:${name}`))) {
      duplicates++;
      continue;
    }
    for (const name of names) known.add(`${folder.id}:${name}`);
    if (message.problems.length) unreadable.push({ position, name: entry.name, reasons: [...message.problems], stored: true });
    const batch = byFolder.get(key) ?? [];
    batch.push({ uid: folder.nextUid++, flags: entry.flags, modseq: null, internalDate: entry.date ?? (message.date ? new Date(message.date) : null), size: entry.raw.byteLength, parsed: message });
    byFolder.set(key, batch);
  }
  let imported = 0;
  for (const [key, batch] of byFolder) {
    const folder = state.folders.get(key)!;
    const result = await storeBatch(
      state.sql,
      {
        userId: state.userId,
        accountId: folder.accountId,
        folderId: folder.id,
        uidvalidity: OFFLINE_UIDVALIDITY,
        dataKey: state.dataKey,
        identity: state.identity,
        searchTokens: state.searchTokens,
      },
      batch,
    );
    imported += result.newMessages;
    // A message also in another folder of the source is one message with two copies: counted once.
    duplicates += batch.length - result.newCopies;
  }
  return { imported, duplicates, unreadable };
}

async function recordBatch(sql: Sql, importId: string, processed: number, counts: { imported: number; duplicates: number; unreadable: UnreadableMessage[] }) {
  await sql`
    update mail_imports set processed = ${processed}, imported = imported + ${counts.imported}, duplicates = duplicates + ${counts.duplicates},
      unreadable = unreadable || ${sql.json(counts.unreadable as never)}::jsonb
    where id = ${importId}`;
}

interface Begun {
  accountId: string;
  format: ImportFormat;
  /** An export archive, opened. */
  archive?: OpenedExportArchive;
}

/** Starts (or resumes) the import: its format, account and total; an export archive is opened (again, on a retry). */
async function begin(services: Services, dataKey: SecretKey, row: MailImport, path: string): Promise<Begun> {
  const { sql } = services;
  const format = row.format ?? ((await isEncryptedArchive(path)) ? "export" : await detectFormat(path));
  const archive = format === "export" ? await openArchiveForImport(sql, dataKey, row.userId, row.id, path) : undefined;
  const accountId =
    row.accountId ?? (archive ? await offlineAccountByLabel(sql, dataKey, row.userId, archive.mailFiles[0]?.account ?? row.label) : await createOfflineAccount(sql, dataKey, row.userId, row.label));
  const total = row.total ?? archive?.total ?? (await countSource(path, format, row.label));
  await sql`
    update mail_imports set state = 'running', format = ${format}, account_id = ${accountId}, total = ${total}, started_at = coalesce(started_at, now())
    where id = ${row.id}`;
  return { accountId, format, archive };
}

/** An export archive's messages: each mbox file's, in the folder and account the manifest names. */
async function* archiveEntries(archive: OpenedExportArchive): AsyncGenerator<ImportEntry> {
  for (const file of archive.mailFiles) {
    for await (const entry of mboxEntries(file.path, file.folder, relative(archive.dir, file.path))) yield { ...entry, account: file.account };
  }
}

/** What an import leaves behind, whichever way it ends: the upload, the opened archive, the sealed passphrase. */
async function cleanUp(sql: Sql, importId: string, row: { source: string; path: string }) {
  await forgetImportPassphrase(sql, importId);
  if (row.source !== "upload") return;
  await rm(openedArchiveDir(row.path), { recursive: true, force: true });
  await rm(row.path, { force: true });
}

export async function runImport(services: Services, input: { importId: string; userId: string }): Promise<"done" | "skipped"> {
  const { sql } = services;
  const [row] = await sql<MailImport[]>`
    select id, user_id as "userId", account_id as "accountId", format, label, state, total, processed, source
    from mail_imports where id = ${input.importId} and user_id = ${input.userId}`;
  if (!row || row.state === "done" || row.state === "failed") return "skipped";
  const path = (await importPath(sql, input.userId, input.importId))!;
  const dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, input.userId);
  const { accountId, format, archive } = await begin(services, dataKey, row, path);
  const state: RunState = {
    sql,
    userId: input.userId,
    importId: input.importId,
    accountId,
    accounts: new Map(),
    dataKey,
    identity: identityKeys(dataKey),
    searchTokens: searchTokenizer(searchKey(dataKey)),
    folders: new Map(),
  };

  let position = 0;
  let batch: { entry: ImportEntry; position: number }[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const counts = await storeEntries(state, batch);
    await recordBatch(sql, input.importId, position, counts);
    batch = [];
    bytes = 0;
  };
  for await (const entry of archive ? archiveEntries(archive) : readSource(path, format, row.label)) {
    position++;
    // A retried job: what an earlier attempt recorded is done.
    if (position <= row.processed) continue;
    batch.push({ entry, position });
    bytes += entry.raw.byteLength;
    if (batch.length >= SYNC_BATCH_MESSAGES || bytes >= SYNC_BATCH_BYTES) await flush();
  }
  await flush();
  // The JSON part once every message is there, since it finds them by identity.
  const restored = archive ? await restoreUserData(sql, input.userId, dataKey, await archiveUserData(archive)) : null;
  await sql`
    update mail_imports set state = 'done', total = ${position}, finished_at = now(), restore_report = ${restored ? sql.json(restored as never) : null}
    where id = ${input.importId}`;
  await cleanUp(sql, input.importId, { source: row.source, path });
  return "done";
}

/** The job gave up: the import is failed with a reason the user can read, and an upload's file is removed. */
export async function failImport(sql: Sql, userId: string, importId: string, reason: string): Promise<void> {
  const [row] = await sql<{ source: string; path: string }[]>`
    update mail_imports set state = 'failed', error = ${reason.slice(0, 500)}, finished_at = now()
    where id = ${importId} and user_id = ${userId} and state <> 'done' returning source, path`;
  if (row) await cleanUp(sql, importId, row);
}
