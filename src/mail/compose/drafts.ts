/**
 * Drafts the user writes, kept safe while typing: the form is one JSON
 * document encrypted with the user's data key (bound to the draft's id), so
 * a database dump shows neither recipients nor text. Every save bumps the
 * revision and queues the copy in the account's Drafts folder on the server
 * (tasks/save_draft_copy.ts), throttled: a pending copy keeps its time, so
 * typing replaces the server copy at most every DRAFT_SERVER_COPY_INTERVAL_MS;
 * leaving the page asks for it at once. A deleted draft is hidden at once and
 * its row goes when its server copy is gone. The copy's job has the priority
 * of a user's action: other clients should see the draft soon. Every function
 * takes the owner's id and scopes its query by it.
 */
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Queryable, Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import { addJob } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import { DRAFT_SERVER_COPY_INTERVAL_MS } from "./limits.ts";

export type ComposeMode = "new" | "reply" | "reply_all" | "forward";

/** What the form holds, as typed (address fields are the comma-separated text of the inputs). */
export interface DraftContent {
  accountId: string | null;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  body: string;
  mode: ComposeMode;
}

export interface Draft extends DraftContent {
  id: string;
  replyToMessageId: string | null;
  forwardOfMessageId: string | null;
  revision: number;
  /** The server copy is current when this equals `revision`. */
  serverRevision: number;
  sendId: string | null;
  updatedAt: Date;
}

/** A draft's row: its bookkeeping in the clear, its content encrypted. */
type Row = Omit<Draft, keyof DraftContent> & { contentEncrypted: Uint8Array };

export const draftBinding = (userId: string, draftId: string) => ({ owner: userId, purpose: `draft:${draftId}` });

const COLUMNS = (sql: Queryable) => sql`
  id, content_encrypted as "contentEncrypted", reply_to_message_id as "replyToMessageId", forward_of_message_id as "forwardOfMessageId",
  revision, server_revision as "serverRevision", send_id as "sendId", updated_at as "updatedAt"`;

const MODES: readonly ComposeMode[] = ["new", "reply", "reply_all", "forward"];

function readContent(json: string): DraftContent {
  const document = JSON.parse(json) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    accountId: typeof document.accountId === "string" ? document.accountId : null,
    to: text(document.to),
    cc: text(document.cc),
    bcc: text(document.bcc),
    subject: text(document.subject),
    body: text(document.body),
    mode: MODES.includes(document.mode as ComposeMode) ? (document.mode as ComposeMode) : "new",
  };
}

function openRow(dataKey: SecretKey, userId: string, row: Row): Draft {
  const { contentEncrypted, ...rest } = row;
  return { ...rest, ...readContent(decryptText(dataKey, contentEncrypted, draftBinding(userId, row.id))) };
}

/** The account, if it is the user's; otherwise null (a draft may have no account yet). */
const ownAccount = (sql: Queryable, userId: string, accountId: string | null) =>
  accountId && isUuid(accountId) ? sql`(select id from mail_accounts where id = ${accountId} and user_id = ${userId})` : sql`null::uuid`;

/** Queues the server copy: at the pending job's time if one waits (typing), else after the interval since the last copy, or now (`flush`). */
async function queueServerCopy(sql: Queryable, userId: string, draftId: string, flush: boolean): Promise<void> {
  if (flush) {
    await addJob(sql, "save_draft_copy", { draftId, userId }, { jobKey: `draft-copy:${draftId}`, jobKeyMode: "replace", priority: JOB_PRIORITY.userAction });
    return;
  }
  const [row] = await sql<{ serverSavedAt: Date | null }[]>`select server_saved_at as "serverSavedAt" from drafts where id = ${draftId}`;
  const earliest = row?.serverSavedAt ? new Date(row.serverSavedAt.getTime() + DRAFT_SERVER_COPY_INTERVAL_MS) : new Date();
  await addJob(sql, "save_draft_copy", { draftId, userId }, { jobKey: `draft-copy:${draftId}`, jobKeyMode: "preserve_run_at", runAt: earliest, priority: JOB_PRIORITY.userAction });
}

export async function createDraft(sql: Sql, dataKey: SecretKey, userId: string, content: DraftContent, links: { replyToMessageId?: string; forwardOfMessageId?: string } = {}): Promise<Draft> {
  const id = crypto.randomUUID();
  return await sql.begin(async (tx) => {
    const [row] = await tx<Row[]>`
      insert into drafts (id, user_id, account_id, content_encrypted, reply_to_message_id, forward_of_message_id)
      values (${id}, ${userId}, ${ownAccount(tx, userId, content.accountId)}, ${encrypt(dataKey, JSON.stringify(content), draftBinding(userId, id))},
              (select id from messages where id = ${links.replyToMessageId ?? null}::uuid and user_id = ${userId}),
              (select id from messages where id = ${links.forwardOfMessageId ?? null}::uuid and user_id = ${userId}))
      returning ${COLUMNS(tx)}`;
    await queueServerCopy(tx, userId, id, false);
    return openRow(dataKey, userId, row!);
  });
}

/** Saves the form over the draft; undefined when it is not the user's (or deleted). `flush` writes the server copy now (leaving the page). */
export async function saveDraft(sql: Sql, dataKey: SecretKey, userId: string, draftId: string, content: DraftContent, options: { flush?: boolean } = {}): Promise<Draft | undefined> {
  if (!isUuid(draftId)) return undefined;
  return await sql.begin(async (tx) => {
    const [row] = await tx<Row[]>`
      update drafts set content_encrypted = ${encrypt(dataKey, JSON.stringify(content), draftBinding(userId, draftId))},
             account_id = ${ownAccount(tx, userId, content.accountId)}, revision = revision + 1, updated_at = now()
      where id = ${draftId} and user_id = ${userId} and deleted_at is null
      returning ${COLUMNS(tx)}`;
    if (!row) return undefined;
    await queueServerCopy(tx, userId, draftId, options.flush === true);
    return openRow(dataKey, userId, row);
  });
}

export async function getDraft(sql: Sql, dataKey: SecretKey, userId: string, draftId: string): Promise<Draft | undefined> {
  if (!isUuid(draftId)) return undefined;
  const [row] = await sql<Row[]>`select ${COLUMNS(sql)} from drafts where id = ${draftId} and user_id = ${userId} and deleted_at is null`;
  return row && openRow(dataKey, userId, row);
}

/** The user's drafts, newest first; those with a send queued are left out (they come back if it is undone or fails). */
export async function listDrafts(sql: Sql, dataKey: SecretKey, userId: string): Promise<Draft[]> {
  const rows = await sql<Row[]>`select ${COLUMNS(sql)} from drafts where user_id = ${userId} and deleted_at is null and send_id is null order by updated_at desc`;
  return rows.map((row) => openRow(dataKey, userId, row));
}

/** Hides the draft and queues the removal of its server copy (the task then deletes the row). False when it is not the user's. */
export async function deleteDraft(sql: Sql, userId: string, draftId: string): Promise<boolean> {
  if (!isUuid(draftId)) return false;
  return await sql.begin(async (tx) => {
    const [row] = await tx`update drafts set deleted_at = now() where id = ${draftId} and user_id = ${userId} and deleted_at is null returning id`;
    if (!row) return false;
    await addJob(tx, "save_draft_copy", { draftId, userId }, { jobKey: `draft-copy:${draftId}`, jobKeyMode: "replace", priority: JOB_PRIORITY.userAction });
    return true;
  });
}

/** Records the send queued from the draft (the sending core's id). */
export async function markDraftSending(sql: Sql, userId: string, draftId: string, sendId: string): Promise<void> {
  await sql`update drafts set send_id = ${sendId} where id = ${draftId} and user_id = ${userId}`;
}

/** The draft a send came from, its send forgotten (undone or failed): it is listed and editable again. */
export async function reopenDraftOfSend(sql: Sql, userId: string, sendId: string): Promise<string | undefined> {
  if (!isUuid(sendId)) return undefined;
  const [row] = await sql<{ id: string }[]>`update drafts set send_id = null where send_id = ${sendId} and user_id = ${userId} and deleted_at is null returning id`;
  return row?.id;
}

/** The draft a send came from, if it is still there. */
export async function draftOfSend(sql: Sql, userId: string, sendId: string): Promise<string | undefined> {
  if (!isUuid(sendId)) return undefined;
  const [row] = await sql<{ id: string }[]>`select id from drafts where send_id = ${sendId} and user_id = ${userId} and deleted_at is null`;
  return row?.id;
}

/**
 * Removes the drafts whose message went out: those whose outgoing message
 * (the sending core's `outgoing_messages`, migration 0050, `draft_id`) is
 * sent. Hidden at once; their server copies are removed by the task.
 */
export async function removeSentDrafts(sql: Sql, userId: string): Promise<number> {
  return await sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      update drafts d set deleted_at = now()
      where d.user_id = ${userId} and d.deleted_at is null
        and exists (select 1 from outgoing_messages o where o.draft_id = d.id and o.user_id = ${userId} and o.status = 'sent')
      returning d.id`;
    for (const row of rows) await addJob(tx, "save_draft_copy", { draftId: row.id, userId }, { jobKey: `draft-copy:${row.id}`, jobKeyMode: "replace", priority: JOB_PRIORITY.userAction });
    return rows.length;
  });
}
