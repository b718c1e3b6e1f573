/**
 * Builds one export archive (the `build_export` job): the mail as mboxrd,
 * one file per folder, then `user-data.json`, `rules.sieve` and last
 * `manifest.json` with the counts and the SHA-256 of every other file.
 * The archive is the backup format's (src/ops/backup/format.ts: scrypt,
 * AES-256-GCM in authenticated chunks; archive.ts: length-prefixed
 * entries), kind "user-export", written to a temporary name and renamed
 * when complete, so a half-written file is never offered for download.
 */
import { createHash } from "node:crypto";
import { open, rename, rm, stat } from "node:fs/promises";
import type { Config } from "../config.ts";
import { decrypt, decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { messageBinding } from "../inbox/message.ts";
import { ArchiveWriter } from "../ops/backup/archive.ts";
import { EncryptedWriter, type PreparedKey } from "../ops/backup/format.ts";
import { exportRulesAsSieve } from "../rules/sieve-transfer.ts";
import { mboxEntry, rebuildMessage, type MessageParts, type RebuiltAttachment } from "./mbox.ts";
import { identityKey } from "./portable-identity.ts";
import { exportFile, markExportRunning, recordExportProgress, type ExportCounts } from "./store.ts";
import { collectUserData, messageIdentities } from "./user-data.ts";

export const EXPORT_FORMAT = "mail-helper-export";
export const EXPORT_FORMAT_VERSION = 1;
/** Messages read and rebuilt per query: a batch's bodies and attachments sit in memory at once. */
const MESSAGE_BATCH = 50;

export interface ManifestFile {
  /** The entry's name in the archive. */
  name: string;
  sha256: string;
  bytes: number;
  /** For mail/*.mbox: the folder it holds. */
  folder?: { account: string; path: string; messages: number };
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_FORMAT_VERSION;
  createdAt: string;
  counts: ExportCounts;
  files: ManifestFile[];
}

/** A file name part from a label or folder path: letters, digits, dot, dash, underscore. */
const safeName = (text: string) =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, 80) || "folder";

interface FolderRow {
  id: string;
  path: string;
  accountLabel: string;
  accountIndex: number;
  messages: number;
}

interface MessageRow {
  id: string;
  flags: string[];
  receivedAt: Date | null;
  rawHeaders: Uint8Array | null;
  headers: Uint8Array;
  text: Uint8Array | null;
  html: Uint8Array | null;
}

/** Reads, decrypts and rebuilds one folder's messages, batch by batch. */
async function* folderMessages(sql: Sql, dataKey: SecretKey, userId: string, folderId: string): AsyncGenerator<{ entry: string; count: number }> {
  let after = -1n;
  for (;;) {
    const rows = await sql<(MessageRow & { copyId: string })[]>`
      select c.id::text as "copyId", m.id, c.flags, m.received_at as "receivedAt", m.raw_headers_encrypted as "rawHeaders", m.headers_encrypted as headers,
             m.text_encrypted as text, m.html_encrypted as html
      from message_copies c join messages m on m.id = c.message_id
      where c.folder_id = ${folderId} and m.user_id = ${userId} and c.id > ${after.toString()}
      order by c.id limit ${MESSAGE_BATCH}`;
    if (rows.length === 0) return;
    const attachments = await sql<{ id: string; messageId: string; meta: Uint8Array; inline: boolean; content: Uint8Array | null }[]>`
      select id, message_id as "messageId", meta_encrypted as meta, inline, content_encrypted as content
      from attachments where user_id = ${userId} and message_id = any(${rows.map((row) => row.id)}::uuid[]) order by message_id, part_index`;
    let text = "";
    for (const row of rows) {
      const bind = (purpose: "message-headers" | "message-text" | "message-html") => messageBinding(userId, row.id, purpose);
      const headers = JSON.parse(decryptText(dataKey, row.headers, bind("message-headers"))) as MessageParts["headers"];
      const parts: MessageParts = {
        rawHeaders: row.rawHeaders ? decryptText(dataKey, row.rawHeaders, { owner: userId, purpose: `message-raw-headers:${row.id}` }) : null,
        headers,
        text: row.text ? decryptText(dataKey, row.text, bind("message-text")) : null,
        html: row.html ? decryptText(dataKey, row.html, bind("message-html")) : null,
        attachments: attachments
          .filter((attachment) => attachment.messageId === row.id)
          .map((attachment): RebuiltAttachment => {
            const meta = JSON.parse(decryptText(dataKey, attachment.meta, { owner: userId, purpose: `attachment-meta:${attachment.id}` })) as Omit<RebuiltAttachment, "inline" | "content">;
            return {
              filename: meta.filename,
              contentType: meta.contentType,
              contentId: meta.contentId,
              inline: attachment.inline,
              content: attachment.content ? decrypt(dataKey, attachment.content, { owner: userId, purpose: `attachment:${attachment.id}` }) : null,
            };
          }),
        flags: row.flags,
      };
      text += mboxEntry(rebuildMessage(parts), headers.from[0]?.address ?? null, row.receivedAt ?? (headers.date ? new Date(headers.date) : null));
    }
    yield { entry: text, count: rows.length };
    after = BigInt(rows.at(-1)!.copyId);
  }
}

/** A file's bytes hashed as they are written. */
async function hashedFile(writer: ArchiveWriter, name: string, blocks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<ManifestFile> {
  const hash = createHash("sha256");
  async function* tap() {
    for await (const block of blocks) {
      hash.update(block);
      yield block;
    }
  }
  const bytes = await writer.file(name, tap());
  return { name, sha256: hash.digest("hex"), bytes };
}

export interface BuildExportOptions {
  /** Called with messages written so far (and once the total is known); the job records it for the jobs page. */
  progress?: (done: number) => Promise<void>;
}

/**
 * Writes the user's archive to the export's file; returns the counts and
 * the file's size. The caller marks the export ready.
 */
export async function buildExport(
  sql: Sql,
  config: Pick<Config, "DATA_DIR">,
  dataKey: SecretKey,
  userId: string,
  exportId: string,
  key: PreparedKey,
  options: BuildExportOptions = {},
): Promise<{ counts: ExportCounts; sizeBytes: number }> {
  const folders = await sql<FolderRow[]>`
    select f.id, f.path, a.label as "accountLabel", (dense_rank() over (order by a.created_at, a.id))::int as "accountIndex",
           (select count(*)::int from message_copies c where c.folder_id = f.id) as messages
    from folders f join mail_accounts a on a.id = f.account_id
    where f.user_id = ${userId} order by a.created_at, a.id, f.path`;
  const total = folders.reduce((sum, folder) => sum + folder.messages, 0);
  await markExportRunning(sql, exportId, total);

  const target = exportFile(config, exportId);
  const partial = `${target}.partial`;
  const file = await open(partial, "w", 0o600);
  try {
    const encrypted = await EncryptedWriter.createWithKey(file, key, { kind: "user-export", postgresMajor: 0, postgresVersion: "" });
    const writer = new ArchiveWriter(encrypted);
    const files: ManifestFile[] = [];
    const usedNames = new Set<string>();
    let done = 0;
    await writer.directory("mail");
    for (const folder of folders) {
      let name = `mail/${folder.accountIndex}-${safeName(folder.accountLabel)}/${safeName(folder.path)}.mbox`;
      for (let n = 2; usedNames.has(name); n++) name = `mail/${folder.accountIndex}-${safeName(folder.accountLabel)}/${safeName(folder.path)}-${n}.mbox`;
      usedNames.add(name);
      let written = 0;
      async function* blocks() {
        for await (const batch of folderMessages(sql, dataKey, userId, folder.id)) {
          written += batch.count;
          done += batch.count;
          yield Buffer.from(batch.entry, "utf8");
          await options.progress?.(done);
        }
      }
      const entry = await hashedFile(writer, name, blocks());
      files.push({ ...entry, folder: { account: folder.accountLabel, path: folder.path, messages: written } });
    }
    if (done > 0) await recordExportProgress(sql, exportId, done);

    const identities = await messageIdentities(sql, dataKey, userId);
    const data = await collectUserData(sql, dataKey, userId, identities);
    files.push(await hashedFile(writer, "user-data.json", [Buffer.from(JSON.stringify(data, null, 2), "utf8")]));
    files.push(await hashedFile(writer, "rules.sieve", [Buffer.from(await exportRulesAsSieve(sql, dataKey, userId), "utf8")]));

    const counts: ExportCounts = {
      messages: new Set([...identities.values()].map(identityKey)).size,
      folders: folders.length,
      analyses: data.analyses.length,
      corrections: data.corrections.length,
      tags: data.tags.length,
      tagAssignments: data.tagAssignments.length,
      rules: data.rules.length,
      senderPatterns: data.senderPatterns.length,
      vipSenders: data.vipSenders.length,
    };
    const manifest: ExportManifest = { format: EXPORT_FORMAT, version: EXPORT_FORMAT_VERSION, createdAt: new Date().toISOString(), counts, files };
    await writer.file("manifest.json", [Buffer.from(JSON.stringify(manifest, null, 2), "utf8")]);
    await writer.end();
    await encrypted.finish();
    await file.close();
    await rename(partial, target);
    return { counts, sizeBytes: (await stat(target)).size };
  } catch (error) {
    await file.close().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}
