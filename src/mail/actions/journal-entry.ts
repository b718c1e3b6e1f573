/** A requested action as its owner may look it up: what, on which message, and how far it got. */
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import type { MessageAction } from "./request.ts";

export interface JournalEntry {
  id: string;
  /** Null once the message itself is deleted here. */
  messageId: string | null;
  action: MessageAction;
  state: "pending" | "done" | "failed";
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The entry if it is the user's; undefined for another user's or a malformed id. */
export async function readJournalEntry(sql: Sql, userId: string, actionId: string): Promise<JournalEntry | undefined> {
  if (!isUuid(actionId)) return undefined;
  const [row] = await sql<JournalEntry[]>`
    select id, message_id as "messageId", action, state, error, created_at as "createdAt", finished_at as "finishedAt"
    from action_journal where id = ${actionId} and user_id = ${userId}`;
  return row;
}
