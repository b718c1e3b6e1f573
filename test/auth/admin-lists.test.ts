/**
 * The administration lists' keyset pages on the real database, with small
 * pages: walking `next` visits every row once in order, `previous` walks
 * back to the same pages, and rows created at the same instant are neither
 * skipped nor repeated (the id breaks the tie).
 */
import { afterAll, expect, test } from "bun:test";
import { auditPage, usersPage } from "../../src/auth/admin-lists.ts";
import { InvalidPageCursorError, type KeysetPage, type PagePosition } from "../../src/auth/keyset-page.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { createTestUser } from "../support/users.ts";

const db = await createTestDatabase();
const services = testServices(db);
afterAll(() => db.drop());

async function walk<T extends { id: string }>(read: (position: PagePosition) => Promise<KeysetPage<T>>) {
  const pages: KeysetPage<T>[] = [await read(undefined)];
  while (pages.at(-1)!.next) pages.push(await read({ after: pages.at(-1)!.next! }));
  const back: KeysetPage<T>[] = [pages.at(-1)!];
  while (back.at(-1)!.previous) back.push(await read({ before: back.at(-1)!.previous! }));
  return { forward: pages.map((page) => page.rows.map((row) => row.id)), backward: back.reverse().map((page) => page.rows.map((row) => row.id)) };
}

test("users: every one once, oldest first, forwards and back, ties on the creation time broken by id", async () => {
  for (let n = 0; n < 4; n++) await createTestUser(services);
  // Three more at exactly the same instant.
  await db.sql`update users set created_at = '2026-01-01T00:00:00.123456Z' where id in (select id from users order by created_at desc limit 3)`;
  const expected = (await db.sql<{ id: string }[]>`select id from users order by created_at, id`).map((row) => row.id);
  const { forward, backward } = await walk((position) => usersPage(db.sql, position, 2));
  expect(forward.flat()).toEqual(expected);
  expect(forward.every((page) => page.length === 2 || page === forward.at(-1))).toBe(true);
  expect(backward).toEqual(forward);
});

test("audit log: newest first, forwards and back, within a filter", async () => {
  const user = await createTestUser(services);
  for (let n = 0; n < 5; n++) await db.sql`insert into audit_events (actor_id, subject_id, event) values (${user.user.id}, ${user.user.id}, 'user.password_changed')`;
  await db.sql`insert into audit_events (event) values ('user.password_changed')`;
  const expected = (await db.sql<{ id: string }[]>`select id::text from audit_events where actor_id = ${user.user.id} order by id desc`).map((row) => row.id);
  const { forward, backward } = await walk((position) => auditPage(db.sql, { userId: user.user.id }, position, 2));
  expect(forward.flat()).toEqual(expected);
  expect(backward).toEqual(forward);
});

test("a cursor the server did not make is refused", async () => {
  for (const cursor of ["", "bm9wZQ", Buffer.from("123.not-a-uuid").toString("base64url"), "x".repeat(500)]) {
    await expect(usersPage(db.sql, { after: cursor || "=" }, 2)).rejects.toBeInstanceOf(InvalidPageCursorError);
  }
  await expect(auditPage(db.sql, {}, { before: Buffer.from("12a").toString("base64url") }, 2)).rejects.toBeInstanceOf(InvalidPageCursorError);
});
