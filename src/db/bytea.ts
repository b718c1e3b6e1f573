import type { Queryable } from "./connection.ts";

/**
 * A bytea[] parameter. postgres.js sends an array of Buffers as a single
 * bytea, so the values travel as hex text and are decoded in SQL.
 *
 * @example
 *   await sql`select * from messages where content_hash = any(${byteaArray(sql, hashes)})`;
 */
export function byteaArray(sql: Queryable, values: Uint8Array[]) {
  return sql`array(select decode(h, 'hex') from unnest(${values.map((value) => Buffer.from(value).toString("hex"))}::text[]) as h)`;
}

/**
 * A bytea that came inside JSON (json_agg, json_build_object): PostgreSQL
 * writes it as text, "\\x" and hex.
 */
export function byteaFromJson(text: string): Buffer {
  return Buffer.from(text.slice(2), "hex");
}
