/**
 * What the user does with a suggested tag name (./name-queue.ts): approve
 * it (under its own name or an edited one: rename), merge it into a tag
 * they have, or reject it. Approving and merging put the tag on the
 * messages that brought the name, through addTag (journaled keyword
 * writes, one batch). Only pending names of the acting user are found;
 * another user's suggestion or tag id is `not_found`.
 */
import type { TransactionSql } from "postgres";
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { addTag } from "./assign.ts";
import { nameSuggestionBinding } from "./name-queue.ts";
import { insertTag } from "./store.ts";

export type NameReviewResult =
  | { ok: true; tagId: string; name: string; messages: number; journalId: string | null }
  | { ok: false; reason: "duplicate"; tagId: string }
  | { ok: false; reason: "not_found" | "too_many" };

const notFound = { ok: false, reason: "not_found" } as const;

/** The pending suggestion, locked for the transaction, with its name and remembered messages. */
async function lockPending(tx: TransactionSql, dataKey: SecretKey, userId: string, suggestionId: string) {
  const [row] = await tx<{ hash: Uint8Array; name: Uint8Array }[]>`
    select name_hash as hash, name_encrypted as name from tag_name_suggestions
    where id = ${suggestionId} and user_id = ${userId} and state = 'pending' for update`;
  if (!row) return undefined;
  const messages = await tx<{ id: string }[]>`select message_id as id from tag_name_suggestion_messages where suggestion_id = ${suggestionId} and user_id = ${userId}`;
  return { name: decryptText(dataKey, row.name, nameSuggestionBinding(userId, row.hash)), messageIds: messages.map((message) => message.id) };
}

/** A renamed or merged name's mail has a tag now: the name stays quiet, and its messages are no longer needed. */
async function adopt(tx: TransactionSql, userId: string, suggestionId: string): Promise<void> {
  await tx`update tag_name_suggestions set state = 'adopted' where id = ${suggestionId} and user_id = ${userId}`;
  await tx`delete from tag_name_suggestion_messages where suggestion_id = ${suggestionId}`;
}

/**
 * Makes the tag (named `cleanedName` when given: a rename) and puts it on
 * the name's messages. A name the user has a tag of already is
 * `duplicate` (merging is the way to use that tag).
 */
export async function approveNameSuggestion(sql: Sql, dataKey: SecretKey, userId: string, suggestionId: string, cleanedName?: string): Promise<NameReviewResult> {
  if (!isUuid(suggestionId)) return notFound;
  return await sql.begin(async (tx) => {
    const suggestion = await lockPending(tx, dataKey, userId, suggestionId);
    if (!suggestion) return notFound;
    const name = cleanedName ?? suggestion.name;
    const created = await insertTag(tx, dataKey, userId, name, null);
    if (!created.ok) return created;
    const change = await addTag(sql, dataKey, userId, created.tag.id, suggestion.messageIds, { tx });
    // Under its own name the tag's hash keeps the name out from now on; renamed, the old name must stay quiet itself.
    if (name === suggestion.name) await tx`delete from tag_name_suggestions where id = ${suggestionId} and user_id = ${userId}`;
    else await adopt(tx, userId, suggestionId);
    return { ok: true, tagId: created.tag.id, name, messages: change?.changed.length ?? 0, journalId: change?.journalId ?? null } as const;
  });
}

/** Puts the user's tag `intoTagId` on the name's messages; the name stays quiet from then on. */
export async function mergeNameSuggestion(sql: Sql, dataKey: SecretKey, userId: string, suggestionId: string, intoTagId: string): Promise<NameReviewResult> {
  if (!isUuid(suggestionId) || !isUuid(intoTagId)) return notFound;
  return await sql.begin(async (tx) => {
    const suggestion = await lockPending(tx, dataKey, userId, suggestionId);
    if (!suggestion) return notFound;
    const change = await addTag(sql, dataKey, userId, intoTagId, suggestion.messageIds, { tx });
    if (!change) return notFound;
    await adopt(tx, userId, suggestionId);
    return { ok: true, tagId: intoTagId, name: suggestion.name, messages: change.changed.length, journalId: change.journalId } as const;
  });
}

/** Out of the queue until the name keeps recurring (the rule in ./name-queue.ts); false when no pending name of the user's has that id. */
export async function rejectNameSuggestion(sql: Sql, userId: string, suggestionId: string): Promise<boolean> {
  if (!isUuid(suggestionId)) return false;
  const rows = await sql`
    update tag_name_suggestions set state = 'rejected', rejected_at_occurrences = occurrences, rejected_at = now()
    where id = ${suggestionId} and user_id = ${userId} and state = 'pending' returning 1`;
  return rows.length > 0;
}
