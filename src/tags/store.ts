/**
 * The user's tags: names encrypted, unique per user in any letter case by
 * a keyed hash of the name (./tag-name.ts), a colour from a fixed set.
 * Every query is scoped by the user; another user's tag id is not found.
 */
import type { TransactionSql } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { MAX_TAGS_PER_USER } from "./limits.ts";
import { decryptTagName, encryptTagName, tagNameHash, type TagColour } from "./tag-name.ts";

export interface Tag {
  id: string;
  name: string;
  colour: TagColour | null;
  /** Messages carrying it. */
  messages: number;
}

export type TagResult = { ok: true; tag: Tag } | { ok: false; reason: "duplicate"; tagId: string } | { ok: false; reason: "too_many" | "not_found" };

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "de", { sensitivity: "base" });

export async function listTags(sql: Sql, dataKey: SecretKey, userId: string): Promise<Tag[]> {
  const rows = await sql<{ id: string; name: Uint8Array; colour: TagColour | null; messages: number }[]>`
    select t.id, t.name_encrypted as name, t.color as colour,
           (select count(*)::int from message_tags mt join messages m on m.id = mt.message_id
            where mt.tag_id = t.id and mt.user_id = ${userId} and m.orphaned_at is null) as messages
    from tags t where t.user_id = ${userId}`;
  return rows.map((row) => ({ ...row, name: decryptTagName(dataKey, userId, row.id, row.name) })).sort(byName);
}

export async function getTag(sql: Sql, dataKey: SecretKey, userId: string, tagId: string): Promise<Tag | undefined> {
  if (!isUuid(tagId)) return undefined;
  return (await listTags(sql, dataKey, userId)).find((tag) => tag.id === tagId);
}

/** Whether the tag is the user's: a route checks it before the form, so another user's id is 404 whatever was posted. */
export async function ownsTag(sql: Queryable, userId: string, tagId: string): Promise<boolean> {
  return isUuid(tagId) && (await sql`select 1 from tags where id = ${tagId} and user_id = ${userId}`).length > 0;
}

/** The tag of that name (any letter case), if the user has one. */
export async function tagIdByName(sql: Queryable, dataKey: SecretKey, userId: string, cleanedName: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`select id from tags where user_id = ${userId} and name_hash = ${tagNameHash(dataKey, cleanedName)}`;
  return row?.id;
}

/** Inside the caller's transaction; `duplicate` names the tag that has the name already. */
export async function insertTag(tx: TransactionSql, dataKey: SecretKey, userId: string, cleanedName: string, colour: TagColour | null): Promise<TagResult> {
  // One tag count per user at a time: two creations at once cannot both pass the limit.
  await tx`select 1 from users where id = ${userId} for update`;
  const existing = await tagIdByName(tx, dataKey, userId, cleanedName);
  if (existing) return { ok: false, reason: "duplicate", tagId: existing };
  const [{ count }] = (await tx`select count(*)::int as count from tags where user_id = ${userId}`) as unknown as [{ count: number }];
  if (count >= MAX_TAGS_PER_USER) return { ok: false, reason: "too_many" };
  const id = crypto.randomUUID();
  await tx`
    insert into tags (id, user_id, name_hash, name_encrypted, color)
    values (${id}, ${userId}, ${tagNameHash(dataKey, cleanedName)}, ${encryptTagName(dataKey, userId, id, cleanedName)}, ${colour})`;
  return { ok: true, tag: { id, name: cleanedName, colour, messages: 0 } };
}

export async function createTag(sql: Sql, dataKey: SecretKey, userId: string, cleanedName: string, colour: TagColour | null = null): Promise<TagResult> {
  return await sql.begin((tx) => insertTag(tx, dataKey, userId, cleanedName, colour));
}

/** The tag of that name, made when the user has none (a name typed into "add tag", a keyword from another client). */
export async function findOrCreateTag(tx: TransactionSql, dataKey: SecretKey, userId: string, cleanedName: string): Promise<TagResult> {
  const result = await insertTag(tx, dataKey, userId, cleanedName, null);
  if (result.ok || result.reason !== "duplicate") return result;
  return { ok: true, tag: { id: result.tagId, name: cleanedName, colour: null, messages: 0 } };
}

/** Renames and/or recolours; a name another tag has is `duplicate`. The keyword on the server stays (./keywords.ts). */
export async function updateTag(sql: Sql, dataKey: SecretKey, userId: string, tagId: string, change: { name?: string; colour?: TagColour | null }): Promise<TagResult> {
  if (!isUuid(tagId)) return { ok: false, reason: "not_found" };
  const outcome = await sql.begin(async (tx) => {
    const [tag] = await tx`select 1 from tags where id = ${tagId} and user_id = ${userId} for update`;
    if (!tag) return { ok: false, reason: "not_found" } as const;
    if (change.name !== undefined) {
      const other = await tagIdByName(tx, dataKey, userId, change.name);
      if (other && other !== tagId) return { ok: false, reason: "duplicate", tagId: other } as const;
      await tx`
        update tags set name_hash = ${tagNameHash(dataKey, change.name)}, name_encrypted = ${encryptTagName(dataKey, userId, tagId, change.name)}, updated_at = now()
        where id = ${tagId}`;
    }
    if (change.colour !== undefined) await tx`update tags set color = ${change.colour}, updated_at = now() where id = ${tagId}`;
    return undefined;
  });
  if (outcome) return outcome;
  const updated = await getTag(sql, dataKey, userId, tagId);
  return updated ? { ok: true, tag: updated } : { ok: false, reason: "not_found" };
}
