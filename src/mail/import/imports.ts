/**
 * Import rows: what is imported, its progress and its result. Every
 * function takes the owner's id and scopes its query by it, so another
 * user's import id finds nothing.
 */
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import type { ImportFormat } from "./source.ts";
import type { RestoreReport } from "../../export/restore.ts";
import type { RestoreNote } from "../../export/restore-notes.ts";

/** A restore report as stored: rows written before notes had codes hold English sentences. */
export type StoredRestoreReport = Omit<RestoreReport, "notes"> & { notes: (RestoreNote | string)[] };

export type ImportState = "queued" | "running" | "done" | "failed";

export interface UnreadableMessage {
  /** 1-based, in the order the source was read. */
  position: number;
  /** Where in the source: "Archive.mbox #12", "INBOX/cur/…:2,S". */
  name: string;
  /** Parse problem codes (src/mail/parse/types.ts), or "empty". */
  reasons: string[];
  /** Stored as far as it could be read (headers only, raw text as body…), or not at all (empty). */
  stored: boolean;
}

export interface MailImport {
  id: string;
  userId: string;
  accountId: string | null;
  source: "upload" | "path";
  format: ImportFormat | null;
  label: string;
  state: ImportState;
  total: number | null;
  processed: number;
  imported: number;
  duplicates: number;
  unreadable: UnreadableMessage[];
  error: string | null;
  /** An export archive's: what its JSON part applied (src/export/restore.ts). */
  restoreReport: StoredRestoreReport | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = (sql: Sql) => sql`
  id, user_id as "userId", account_id as "accountId", source, format, label, state, total, processed, imported, duplicates,
  unreadable, error, restore_report as "restoreReport", created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`;

/** Imports shown a page. */
export const IMPORTS_PAGE_SIZE = 50;

export async function createImport(sql: Sql, userId: string, input: { source: "upload" | "path"; label: string; path: string }): Promise<MailImport> {
  const [row] = await sql<MailImport[]>`
    insert into mail_imports (user_id, source, label, path) values (${userId}, ${input.source}, ${input.label}, ${input.path})
    returning ${COLUMNS(sql)}`;
  return row!;
}

export async function getImport(sql: Sql, userId: string, importId: string): Promise<MailImport | undefined> {
  if (!isUuid(importId)) return undefined;
  const [row] = await sql<MailImport[]>`select ${COLUMNS(sql)} from mail_imports where id = ${importId} and user_id = ${userId}`;
  return row;
}

/** Where the import reads from; for the task only, never shown (an upload's temporary file, an administrator's path). */
export async function importPath(sql: Sql, userId: string, importId: string): Promise<string | undefined> {
  if (!isUuid(importId)) return undefined;
  const [row] = await sql<{ path: string }[]>`select path from mail_imports where id = ${importId} and user_id = ${userId}`;
  return row?.path;
}

export interface ImportCursor {
  at: string;
  id: string;
}

/** The user's imports, newest first, a keyset page from `from` (older; `newer`: the page before it). */
export async function listImports(sql: Sql, userId: string, from: ImportCursor | undefined, newer = false): Promise<{ imports: (MailImport & { cursor: ImportCursor })[]; more: boolean }> {
  const back = newer && from !== undefined;
  const at = from && sql`${from.at}::text::timestamp at time zone 'UTC'`;
  const rows = await sql<(MailImport & { cursorAt: string })[]>`
    select ${COLUMNS(sql)}, (created_at at time zone 'UTC')::text as "cursorAt" from mail_imports
    where user_id = ${userId}
      ${from && at ? (back ? sql`and (created_at > ${at} or (created_at = ${at} and id < ${from.id}::uuid))` : sql`and (created_at < ${at} or (created_at = ${at} and id > ${from.id}::uuid))`) : sql``}
    order by ${back ? sql`created_at asc, id desc` : sql`created_at desc, id`}
    limit ${IMPORTS_PAGE_SIZE + 1}`;
  const more = rows.length > IMPORTS_PAGE_SIZE;
  const page = rows.slice(0, IMPORTS_PAGE_SIZE).map(({ cursorAt, ...row }) => ({ ...row, cursor: { at: cursorAt, id: row.id } }));
  return { imports: back ? page.reverse() : page, more };
}
