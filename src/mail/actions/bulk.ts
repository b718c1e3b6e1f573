/** One server change for many messages: a journal entry and job per message, exactly like a single action (./request.ts), in one batch that is undone as a whole (./undo.ts). */
import type { Sql } from "../../db/connection.ts";
import { requestMessageAction, type ActionRequest } from "./request.ts";

/**
 * How many were queued, and how many ids named no message of the user's (the
 * rest had no copy left or a bad target). `journalId` is the batch's first
 * entry (null when none was queued): undoing it undoes the whole batch.
 */
export async function requestBulkAction(sql: Sql, userId: string, ids: string[], request: ActionRequest): Promise<{ queued: number; notFound: number; batchId: string; journalId: string | null }> {
  let queued = 0;
  let notFound = 0;
  let journalId: string | null = null;
  const batchId = crypto.randomUUID();
  for (const id of ids) {
    const result = await requestMessageAction(sql, userId, id, request, { batchId });
    if (result.ok) {
      queued++;
      journalId ??= result.journalId;
    } else if (result.reason === "not_found") notFound++;
  }
  return { queued, notFound, batchId, journalId };
}
