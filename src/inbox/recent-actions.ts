/**
 * The user's recent server actions, for the "Letzte Aktionen" page: what
 * was asked, on which message (its subject decrypted with the request's data
 * key), when, how far it got, and whether it can still be undone. Read from
 * the action journal, scoped to the user; the newest first.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { inverseOf } from "../mail/actions/undo.ts";
import type { ActionRequest, MessageAction } from "../mail/actions/request.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";

/** How many entries the page shows: the last few days of a busy user, enough to find "what did I just do". */
export const RECENT_ACTIONS_SHOWN = 50;

export interface RecentAction {
  id: string;
  action: MessageAction;
  state: "pending" | "done" | "failed";
  /** An undo already put it back. */
  undone: boolean;
  /** Asked for by an undo rather than by the user directly. */
  byUndo: boolean;
  messageId: string | null;
  /** Null without a message (deleted here) or when its row cannot be decrypted. */
  subject: string | null;
  createdAt: Date;
  /** Done, not undone yet, and something can put it back (a delete cannot). */
  undoable: boolean;
  error: string | null;
  finishedAt: Date | null;
  /** Keyset position of this entry (its creation as UTC text with microseconds, and its id). */
  cursor: { at: string; id: string };
}

interface Row {
  id: string;
  action: MessageAction;
  state: RecentAction["state"];
  undone: boolean;
  requestedBy: string;
  messageId: string | null;
  params: ActionRequest;
  before: { folderId: string; flags: string[] }[] | null;
  createdAt: Date;
  error: string | null;
  finishedAt: Date | null;
  cursorAt: string;
  summary: Uint8Array | null;
  legacy: boolean | null;
}

export async function recentActions(sql: Sql, dataKey: SecretKey, userId: string): Promise<RecentAction[]> {
  return loadRecentActions(sql, dataKey, userId, undefined, RECENT_ACTIONS_SHOWN);
}

/**
 * One page of the journal for the JSON API, newest first: the entries older
 * than `from` (all from the newest without it), or with `newer` the page just
 * newer than it; `more` when another page lies further in that direction.
 */
export async function recentActionsPage(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  from: { at: string; id: string } | undefined,
  newer = false,
): Promise<{ actions: RecentAction[]; more: boolean }> {
  const back = newer && from !== undefined;
  const actions = await loadRecentActions(sql, dataKey, userId, from, RECENT_ACTIONS_SHOWN + 1, back);
  const more = actions.length > RECENT_ACTIONS_SHOWN;
  // Walking back the rows come oldest first from the cursor: the page is the nearest ones, shown newest first.
  return { actions: back ? actions.slice(0, RECENT_ACTIONS_SHOWN).reverse() : actions.slice(0, RECENT_ACTIONS_SHOWN), more };
}

async function loadRecentActions(sql: Sql, dataKey: SecretKey, userId: string, from: { at: string; id: string } | undefined, limit: number, back = false): Promise<RecentAction[]> {
  const at = from && sql`${from.at}::text::timestamp at time zone 'UTC'`;
  const rows = await sql<Row[]>`
    select j.id, j.action, j.state, j.undone_by is not null as undone, j.requested_by as "requestedBy", j.message_id as "messageId",
           j.params, j.before, j.created_at as "createdAt", j.error, j.finished_at as "finishedAt",
           (j.created_at at time zone 'UTC')::text as "cursorAt", ${summaryColumns(sql)}
    from action_journal j left join messages m on m.id = j.message_id and m.user_id = ${userId}
    where j.user_id = ${userId}
      ${
        from && at
          ? back
            ? sql`and (j.created_at > ${at} or (j.created_at = ${at} and j.id < ${from.id}::uuid))`
            : sql`and (j.created_at < ${at} or (j.created_at = ${at} and j.id > ${from.id}::uuid))`
          : sql``
      }
    order by ${back ? sql`j.created_at asc, j.id desc` : sql`j.created_at desc, j.id`}
    limit ${limit}`;
  return rows.map((row) => {
    const shown = row.messageId && row.summary ? readSummary(dataKey, userId, row.messageId, { summary: row.summary, legacy: Boolean(row.legacy) }) : null;
    return {
      id: row.id,
      action: row.action,
      state: row.state,
      undone: row.undone,
      byUndo: row.requestedBy === "undo",
      messageId: row.messageId,
      subject: shown ? shown.subject : null,
      createdAt: row.createdAt,
      undoable: row.state === "done" && !row.undone && row.messageId !== null && inverseOf(row) !== undefined,
      error: row.error,
      finishedAt: row.finishedAt,
      cursor: { at: row.cursorAt, id: row.id },
    };
  });
}
