/** The user's own tags: names encrypted, unique per user by an HMAC of the normalised name. */
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";

/** How `tags.name_encrypted` is bound (AAD). */
export function tagBinding(userId: string, tagId: string) {
  return { owner: userId, purpose: `tag:${tagId}` };
}

export async function userTags(sql: Sql, dataKey: SecretKey, userId: string): Promise<{ id: string; name: string }[]> {
  const rows = await sql<{ id: string; name: Uint8Array }[]>`select id, name_encrypted as name from tags where user_id = ${userId}`;
  return rows.map((row) => ({ id: row.id, name: decryptText(dataKey, row.name, tagBinding(userId, row.id)) }));
}

export async function userTagNames(sql: Sql, dataKey: SecretKey, userId: string): Promise<string[]> {
  return (await userTags(sql, dataKey, userId)).map((tag) => tag.name);
}
