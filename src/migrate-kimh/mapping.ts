/** The kimh_imports table (migrations/0063): which source row became which of ours, per user. */
import type { Queryable } from "../db/connection.ts";

export type MappedKind =
  | "mail_account"
  | "raw_email"
  | "email_attachment"
  | "processed_email"
  | "correction"
  | "email_tag"
  | "email_tag_assignment"
  | "sender_pattern"
  | "trusted_sender"
  | "spacy_vip_sender"
  | "auto_rule";

/** Our user made from the KI-Mail-Helper user with this address, if an earlier run made one. */
export async function mappedUser(sql: Queryable, email: string): Promise<string | undefined> {
  const [row] = await sql<{ userId: string }[]>`select user_id as "userId" from kimh_imports where kind = 'user' and source_id = ${email}`;
  return row?.userId;
}

/** source id → our id, for one kind of the user's rows. */
export async function mappings(sql: Queryable, userId: string, kind: MappedKind | "user"): Promise<Map<string, string>> {
  const rows = await sql<{ sourceId: string; targetId: string }[]>`
    select source_id as "sourceId", target_id as "targetId" from kimh_imports where user_id = ${userId} and kind = ${kind}`;
  return new Map(rows.map((row) => [row.sourceId, row.targetId]));
}

export async function remember(sql: Queryable, userId: string, kind: MappedKind | "user", sourceId: string | number, targetId: string): Promise<void> {
  await sql`
    insert into kimh_imports (user_id, kind, source_id, target_id) values (${userId}, ${kind}, ${String(sourceId)}, ${targetId})
    on conflict (user_id, kind, source_id) do nothing`;
}
