/**
 * Deleting a tag takes its keyword off the server too (as one batch the
 * notice can undo: the keyword comes back, and the next look at it makes
 * the tag again by that name). Merging puts the second tag on every
 * message of the first and then deletes the first.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { addTag, removeTag } from "./assign.ts";

export type TagRemoval = { ok: true; messages: number; journalId: string | null } | { ok: false; reason: "not_found" | "same_tag" };

export async function deleteTag(sql: Sql, userId: string, tagId: string): Promise<TagRemoval> {
  if (!isUuid(tagId)) return { ok: false, reason: "not_found" };
  return await sql.begin(async (tx) => {
    const tagged = await tx<{ id: string }[]>`select message_id as id from message_tags where tag_id = ${tagId} and user_id = ${userId}`;
    // Deleting is not "these messages are not X": nothing is learned from it.
    const removal = await removeTag(
      sql,
      userId,
      tagId,
      tagged.map((row) => row.id),
      { learn: false, tx },
    );
    if (!removal) return { ok: false, reason: "not_found" } as const;
    await tx`delete from tags where id = ${tagId} and user_id = ${userId}`;
    return { ok: true, messages: removal.changed.length, journalId: removal.journalId } as const;
  });
}

export async function mergeTags(sql: Sql, dataKey: SecretKey, userId: string, fromTagId: string, intoTagId: string): Promise<TagRemoval> {
  if (!isUuid(fromTagId) || !isUuid(intoTagId)) return { ok: false, reason: "not_found" };
  if (fromTagId === intoTagId) return { ok: false, reason: "same_tag" };
  return await sql.begin(async (tx) => {
    const tagged = (await tx<{ id: string }[]>`select message_id as id from message_tags where tag_id = ${fromTagId} and user_id = ${userId}`).map((row) => row.id);
    const [from] = await tx`select 1 from tags where id = ${fromTagId} and user_id = ${userId}`;
    if (!from) return { ok: false, reason: "not_found" } as const;
    // One batch: the notice's undo takes back both halves.
    const batchId = crypto.randomUUID();
    const added = await addTag(sql, dataKey, userId, intoTagId, tagged, { tx, batchId });
    if (!added) return { ok: false, reason: "not_found" } as const;
    const removed = await removeTag(sql, userId, fromTagId, tagged, { learn: false, tx, batchId });
    await tx`delete from tags where id = ${fromTagId} and user_id = ${userId}`;
    return { ok: true, messages: tagged.length, journalId: added.journalId ?? removed?.journalId ?? null } as const;
  });
}
