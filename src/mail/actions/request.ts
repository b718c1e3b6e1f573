/**
 * Asking for a change on the server: a journal row (what, on which message,
 * and how it was before) and a job, committed together. The job does the
 * IMAP work; nothing local changes until the server has answered.
 */
import * as v from "valibot";
import type { TransactionSql } from "postgres";
import type { Sql } from "../../db/connection.ts";
import { addJob } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import { isUuid } from "../../ids.ts";
import { markTurnedBack, switchImpreciseRules } from "../../rules/contradictions.ts";

export const MESSAGE_ACTIONS = [
  "mark_read",
  "mark_unread",
  "flag",
  "unflag",
  "add_keyword",
  "remove_keyword",
  "move",
  "trash",
  "delete",
  "archive",
  "junk",
  "inbox",
  "snooze",
  "unsnooze",
  "copy",
  "uncopy",
  "mark_answered",
] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/**
 * What a client may ask for directly; snooze and unsnooze are asked for by
 * snoozing and waking (./snooze.ts), never alone; copy by a rule's copy
 * action (src/rules/apply-actions.ts), uncopy only by undoing a copy.
 */
const INDIRECT: ReadonlySet<MessageAction> = new Set(["snooze", "unsnooze", "copy", "uncopy", "mark_answered"]);
export const REQUESTABLE_ACTIONS = MESSAGE_ACTIONS.filter((action): action is Exclude<MessageAction, "snooze" | "unsnooze" | "copy" | "uncopy" | "mark_answered"> => !INDIRECT.has(action));

/**
 * An IMAP keyword (RFC 3501 atom): printable ASCII without spaces,
 * parentheses, braces, wildcards, quotes, backslashes or "]". Atoms are
 * ASCII only; anything else (a lone surrogate could not even be stored in
 * the journal's JSON) is refused here rather than by PostgreSQL or the server.
 */
export const KeywordSchema = v.pipe(v.string(), v.regex(/^(?:(?![(){%*"\\\]])[\x21-\x7e]){1,100}$/));

export const ActionRequestSchema = v.variant("action", [
  // archive, junk, inbox: a move to the account's folder of that role (./role-folders.ts).
  v.object({ action: v.picklist(["mark_read", "mark_unread", "flag", "unflag", "trash", "delete", "archive", "junk", "inbox"]) }),
  v.object({ action: v.picklist(["add_keyword", "remove_keyword"]), keyword: KeywordSchema }),
  v.object({ action: v.literal("move"), folderId: v.pipe(v.string(), v.uuid()) }),
  // snooze: a move to the Snoozed role folder; unsnooze: back from there to `folderId` (INBOX when absent or gone).
  v.object({ action: v.literal("snooze") }),
  v.object({ action: v.literal("unsnooze"), folderId: v.optional(v.pipe(v.string(), v.uuid())) }),
  // copy: an IMAP COPY into `folderId`, the message staying where it is; uncopy: expunging that copy (the UID COPYUID named).
  v.object({ action: v.literal("copy"), folderId: v.pipe(v.string(), v.uuid()) }),
  // mark_answered: \Answered on a message the user replied to, asked for by the send job (src/mail/send/deliver.ts) only.
  v.object({ action: v.literal("mark_answered") }),
  v.object({ action: v.literal("uncopy"), folderId: v.pipe(v.string(), v.uuid()), uid: v.number(), uidvalidity: v.string() }),
]);
export type ActionRequest = v.InferOutput<typeof ActionRequestSchema>;

export function actionQueue(accountId: string): string {
  // Apart from the sync queue: a long initial sync must not hold back "mark as read".
  return `actions:${accountId}`;
}

/** Retries with back-off (graphile-worker: ~e^n s after the n-th), about half an hour in all: time for a sync to find a message another client moved. */
export const ACTION_MAX_ATTEMPTS = 8;

export type RequestResult = { ok: true; journalId: string } | { ok: false; reason: "not_found" | "no_copy" | "bad_target" };

export interface RequestOptions {
  /** Who asked: "user", "undo", a rule… */
  requestedBy?: string;
  /** Actions asked for together (a bulk action) share it, and are undone together. */
  batchId?: string;
}

/** Journals the action and queues it; the message (and a move's target folder) must be the user's. */
export async function requestMessageAction(sql: Sql, userId: string, messageId: string, request: ActionRequest, options: RequestOptions = {}): Promise<RequestResult> {
  if (!isUuid(messageId)) return { ok: false, reason: "not_found" };
  const byUser = (options.requestedBy ?? "user") === "user";
  const { result, ruleIds } = await sql.begin(async (tx) => {
    const result = await journalMessageAction(tx, userId, messageId, request, options);
    // The user turning back what a rule just did (unflag what it flagged, move what it filed) is that rule's miss.
    return { result, ruleIds: result.ok && byUser ? await markTurnedBack(tx, userId, messageId, request.action) : [] };
  });
  await switchImpreciseRules(sql, userId, ruleIds);
  return result;
}

/** requestMessageAction inside the caller's transaction (undo claims what it undoes in the same one). */
export async function journalMessageAction(tx: TransactionSql, userId: string, messageId: string, request: ActionRequest, options: RequestOptions = {}): Promise<RequestResult> {
  const [message] = await tx<{ accountId: string }[]>`select account_id as "accountId" from messages where id = ${messageId} and user_id = ${userId}`;
  if (!message) return { ok: false, reason: "not_found" };
  const copies = await tx<{ folderId: string; path: string; uid: string; uidvalidity: string; flags: string[] }[]>`
    select c.folder_id as "folderId", f.path, c.uid::text, c.uidvalidity::text, c.flags
    from message_copies c join folders f on f.id = c.folder_id where c.message_id = ${messageId} order by f.special_use = 'inbox' desc, f.path`;
  if (copies.length === 0) return { ok: false, reason: "no_copy" };
  if (request.action === "move" || request.action === "copy") {
    const [target] = await tx`select 1 from folders where id = ${request.folderId} and account_id = ${message.accountId} and user_id = ${userId} and exists_on_server`;
    if (!target) return { ok: false, reason: "bad_target" };
  }
  const [journal] = await tx<{ id: string }[]>`
    insert into action_journal (user_id, account_id, message_id, action, params, before, requested_by, batch_id)
    values (${userId}, ${message.accountId}, ${messageId}, ${request.action}, ${tx.json(request as never)}, ${tx.json(copies as never)},
            ${options.requestedBy ?? "user"}, ${options.batchId ?? null})
    returning id`;
  await addJob(
    tx,
    "apply_message_action",
    { journalId: journal!.id, userId },
    {
      queueName: actionQueue(message.accountId),
      maxAttempts: ACTION_MAX_ATTEMPTS,
      priority: JOB_PRIORITY.userAction,
    },
  );
  return { ok: true, journalId: journal!.id };
}
