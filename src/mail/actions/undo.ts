/**
 * Undo: an action of its own that puts back what the journal recorded
 * before (`before`: the copies' folders and flags), journaled and written
 * to the server like any other. A move, trash, archive or spam move goes
 * back to the folder the message came from; flags and keywords return to
 * what they were. A bulk action is undone as a whole (its batch). Deleting
 * for good cannot be undone, and neither can what has not happened yet
 * (pending) or did not happen (failed). Each entry is undone once: the
 * entries are claimed under a row lock in the transaction that journals
 * the undo, so two clicks do not undo twice.
 *
 * Undoing a copy expunges the copy it made (an `uncopy` of the UID the
 * server named, kept in the entry's `after`). Undoing what a rule did marks
 * its match contradicted (src/rules/contradictions.ts): the rule's precision.
 *
 * Undoing a spam move also takes back its verdict: the message is not
 * spam after all (a correction, like "Kein Spam"). Undoing a snooze's move
 * to the Snoozed folder wakes the message and moves it back as its wake
 * would (an `unsnooze`, ./snooze-folder.ts); the move back itself is not
 * undone, as waking is not.
 */
import { applyCorrection } from "../../analysis/corrections.ts";
import { isUuid } from "../../ids.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { UNDO_WAIT_FOR_PENDING_MS } from "../../limits.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { markUndone, switchImpreciseRules } from "../../rules/contradictions.ts";
import { journalMessageAction, type ActionRequest, type MessageAction } from "./request.ts";
import { wakeSnoozed } from "./snooze.ts";

export type UndoResult = { ok: true; undone: number } | { ok: false; reason: "not_found" | "nothing_to_undo" };

interface BeforeCopy {
  folderId: string;
  flags: string[];
}

interface AfterCopy {
  folderId: string;
  uid: number;
  uidvalidity: string;
}

interface UndoableEntry {
  id: string;
  messageId: string | null;
  action: MessageAction;
  params: ActionRequest;
  before: BeforeCopy[] | null;
  after: AfterCopy[] | null;
  state: string;
}

const MOVES: ReadonlySet<MessageAction> = new Set(["move", "trash", "archive", "junk", "inbox"]);

/** The request that puts back what `entry` changed; undefined when nothing can. */
export function inverseOf(entry: Pick<UndoableEntry, "action" | "params" | "before"> & { after?: AfterCopy[] | null }): ActionRequest | undefined {
  if (entry.params.action === "copy") {
    const made = entry.after?.find((copy) => copy.folderId === (entry.params as { folderId: string }).folderId && !entry.before?.some((was) => was.folderId === copy.folderId));
    return made ? { action: "uncopy", folderId: made.folderId, uid: Number(made.uid), uidvalidity: String(made.uidvalidity) } : undefined;
  }
  const source = entry.before?.[0];
  if (!source) return undefined;
  if (MOVES.has(entry.action)) return { action: "move", folderId: source.folderId };
  if (entry.action === "snooze") return { action: "unsnooze", folderId: source.folderId };
  if (entry.action === "mark_read" || entry.action === "mark_unread") return { action: source.flags.includes("\\Seen") ? "mark_read" : "mark_unread" };
  if (entry.action === "flag" || entry.action === "unflag") return { action: source.flags.includes("\\Flagged") ? "flag" : "unflag" };
  if (entry.params.action === "add_keyword" || entry.params.action === "remove_keyword") {
    const had = source.flags.includes(entry.params.keyword);
    return { action: had ? "add_keyword" : "remove_keyword", keyword: entry.params.keyword };
  }
  return undefined; // delete
}

/** Undoes the entry (and the rest of its batch). Another user's id answers not_found. */
export async function undoAction(sql: Sql, dataKey: SecretKey, userId: string, journalId: string): Promise<UndoResult> {
  if (!isUuid(journalId)) return { ok: false, reason: "not_found" };
  const outcome = await sql.begin(async (tx) => {
    const [asked] = await tx<{ batchId: string | null }[]>`select batch_id as "batchId" from action_journal where id = ${journalId} and user_id = ${userId}`;
    if (!asked) return { ok: false, reason: "not_found" } as const;
    const entries = await tx<UndoableEntry[]>`
      select id, message_id as "messageId", action, params, before, after, state from action_journal
      where user_id = ${userId} and (id = ${journalId} or (batch_id = ${asked.batchId} and ${asked.batchId}::uuid is not null))
        and undone_by is null and state = 'done'
      order by created_at for update`;
    const batchId = crypto.randomUUID();
    const spamTakenBack: string[] = [];
    const woken: string[] = [];
    const claimed: string[] = [];
    for (const entry of entries) {
      const inverse = inverseOf(entry);
      if (!inverse || !entry.messageId) continue;
      const result = await journalMessageAction(tx, userId, entry.messageId, inverse, { requestedBy: "undo", batchId });
      if (!result.ok) continue;
      await tx`update action_journal set undone_by = ${result.journalId} where id = ${entry.id}`;
      if (entry.action === "junk") spamTakenBack.push(entry.messageId);
      if (entry.action === "snooze") woken.push(entry.messageId);
      claimed.push(entry.id);
    }
    const undone = claimed.length;
    const ruleIds = await markUndone(tx, userId, claimed);
    // The same transaction as its move back, which finds it awake when it runs.
    if (woken.length > 0) await tx`update messages set snoozed_until = null where user_id = ${userId} and id = any(${woken}::uuid[])`;
    return undone > 0 ? ({ ok: true, undone, spamTakenBack, ruleIds } as const) : ({ ok: false, reason: "nothing_to_undo" } as const);
  });
  if (!outcome.ok) return outcome;
  await switchImpreciseRules(sql, userId, outcome.ruleIds);
  for (const messageId of outcome.spamTakenBack) await applyCorrection(sql, dataKey, userId, messageId, { spam: false });
  return { ok: true, undone: outcome.undone };
}

/** Waits (up to `waitMs`) until no entry of the batch `journalId` is in is still pending; polls, as the job runs in the worker. */
async function settled(sql: Sql, userId: string, journalId: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [pending] = await sql<{ n: number }[]>`
      select count(*)::int as n from action_journal j
      where j.user_id = ${userId} and j.state = 'pending'
        and (j.id = ${journalId} or j.batch_id = (select batch_id from action_journal where id = ${journalId} and user_id = ${userId}))`;
    if (pending!.n === 0 || Date.now() >= deadline) return;
    await sleep(100);
  }
}

/**
 * The notice's "Rückgängig": waits briefly for the action to be carried out
 * (a click right after it finds the job still running,
 * UNDO_WAIT_FOR_PENDING_MS), undoes it, marks the messages `reopen`
 * names not done (the undo of a done that also archived) and wakes those
 * `wake` names (the undo of a snooze whose move to the Snoozed folder may
 * not have happened yet: woken, the move will not happen). Another user's
 * id answers not_found before anything changes.
 */
export async function undoActionAndReopen(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  journalId: string,
  marks: { reopen?: string[]; wake?: string[] },
  waitMs = UNDO_WAIT_FOR_PENDING_MS,
): Promise<UndoResult> {
  const reopen = marks.reopen ?? [];
  const wake = marks.wake ?? [];
  if (isUuid(journalId)) await settled(sql, userId, journalId, waitMs);
  const result = await undoAction(sql, dataKey, userId, journalId);
  if ((!result.ok && result.reason === "not_found") || reopen.length + wake.length === 0) return result;
  const reopened = reopen.length ? await sql`update messages set done_at = null where user_id = ${userId} and id = any(${reopen}::uuid[]) and done_at is not null returning id` : [];
  const woken = wake.length ? await wakeSnoozed(sql, userId, wake) : 0;
  if (result.ok) return result;
  return reopened.length + woken > 0 ? { ok: true, undone: reopened.length + woken } : result;
}
