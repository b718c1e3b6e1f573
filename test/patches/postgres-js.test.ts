import { afterAll, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { openPool } from "../../src/db/connection.ts";
import { createTestDatabase, testConfig } from "../support/postgres.ts";

const db = await createTestDatabase({ migrated: false });
const sql = openPool(db.url, testConfig(db), { max: 1 });
afterAll(async () => {
  await sql.end();
  await db.drop();
});

test("bytea in binary: every byte arrives and comes back, beside text, numbers and nulls, prepared or not", async () => {
  const large = randomBytes(3 * 1024 * 1024);
  const backing = randomBytes(64);
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, 33); // a view into a larger buffer: its own bytes only
  const values = [Buffer.alloc(0), Buffer.from([0, 92, 120, 39, 34, 255]), Buffer.from("\\x41", "utf8"), view, large];
  for (const run of [1, 2]) {
    // The second run reuses the prepared statement and its parameter types.
    for (const value of values) {
      const [row] = await sql`select ${value} as echoed, octet_length(${value}) as length, ${"text ü"} as label, ${run}::int as run, ${null} as nothing`;
      expect(Buffer.from(row!.echoed).equals(Buffer.from(value))).toBe(true);
      expect(row).toMatchObject({ length: value.byteLength, label: "text ü", run, nothing: null });
    }
  }
  await sql`create table blobs (id int primary key, data bytea, note text)`;
  const rows = values.map((value, id) => ({ id, data: id === 1 ? null : value, note: `n${id}` }));
  await sql`insert into blobs ${sql(rows)}`;
  const stored = await sql<{ id: number; data: Buffer | null; note: string }[]>`select id, data, note from blobs order by id`;
  const inHex = (row: { id: number; data: Uint8Array | null; note: string }) => [row.id, row.data === null ? null : Buffer.from(row.data).toString("hex"), row.note];
  expect(stored.map(inHex)).toEqual(rows.map(inHex));
  // A string bound to a bytea is sent as before: as text, which postgres.js makes its UTF-8 bytes.
  const [fromText] = await sql`select ${"\\x0a ü"}::bytea as data`;
  expect(Buffer.from(fromText!.data).toString("utf8")).toBe("\\x0a ü");
});
