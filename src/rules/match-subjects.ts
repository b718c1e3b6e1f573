/** The subjects of the messages a run's matches name, in one query, for its result page; a message the user does not own is left out. */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";

export async function matchSubjects(sql: Sql, dataKey: SecretKey, userId: string, messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await sql<{ id: string; summary: Uint8Array | null; legacy: boolean | null }[]>`
    select m.id, ${summaryColumns(sql)} from messages m where m.user_id = ${userId} and m.id = any(${[...new Set(messageIds)]}::uuid[])`;
  const subjects = new Map<string, string>();
  for (const row of rows) {
    const summary = row.summary ? readSummary(dataKey, userId, row.id, { summary: row.summary, legacy: Boolean(row.legacy) }) : null;
    if (summary) subjects.set(row.id, summary.subject);
  }
  return subjects;
}
