/**
 * The IMAP flags and keywords of a message as the server last reported
 * them: the union over its copies (a message in two folders may carry a
 * keyword in one only). Scoped by the message's owner.
 */
import type { Sql } from "../db/connection.ts";
import type { OwnMessage } from "./message.ts";

/** Sorted, each once: system flags (`\Seen`, `\Flagged`, …) and keywords (`$Erledigt`, `$label1`, …). */
export async function messageServerFlags(sql: Sql, message: Pick<OwnMessage, "id" | "userId">): Promise<string[]> {
  const [row] = await sql<{ flags: string[] }[]>`
    select coalesce(array_agg(distinct flag order by flag), '{}') as flags
    from message_copies c join folders f on f.id = c.folder_id, unnest(c.flags) as flag
    where c.message_id = ${message.id} and f.user_id = ${message.userId}`;
  return row?.flags ?? [];
}
