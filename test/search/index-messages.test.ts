/** The search index backfill task: fills what is missing, skips rows it cannot open, waits for a strict-mode user's sign-in. */
import { afterAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import indexMessages from "../../tasks/index_messages.ts";
import { queryTokens, searchKey } from "../../src/search/blind-index.ts";
import { log } from "../../src/log.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const run = (userId: string) => indexMessages.run({ userId }, { jobId: "1", attempt: 1, log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring });

async function matches(user: TestUser, q: string): Promise<string[]> {
  const tokens = queryTokens(searchKey(user.dataKey), q).map(String);
  return (await db.sql<{ id: string }[]>`select id from messages where user_id = ${user.user.id} and search_tokens @> ${tokens}::bigint[]`).map((row) => row.id);
}

describe("index_messages", () => {
  test("indexes the user's messages that have no tokens, in batches, and only the user's", async () => {
    const user = await createTestUser(services);
    const other = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const ids = await storeMails(
      services,
      user,
      box,
      Array.from({ length: 450 }, (_, index) => ({ subject: `Brief ${index}`, body: index === 449 ? "Stachelbeere" : "Hallo" })),
    );
    const otherIds = await storeMails(services, other, await createTestMailbox(services, other), [{ subject: "Stachelbeere" }]);
    // As if stored before the index existed.
    await db.sql`update messages set search_tokens = null`;
    await db.sql`insert into messages (user_id, account_id, message_id_hash, content_hash, thread_id, size, headers_encrypted)
                 values (${user.user.id}, ${box.account.id}, '\\x01', '\\x02', gen_random_uuid(), 1, '\\x03')`;

    await run(user.user.id);
    expect(await matches(user, "stachelbeere")).toEqual([ids[449]!]);
    expect(await matches(user, "brief")).toHaveLength(450);
    // The row that cannot be decrypted is indexed as empty, so it is not tried again and again.
    const [left] = await db.sql`select count(*)::int as n from messages where user_id = ${user.user.id} and (search_tokens is null or search_tokens = '{}')`;
    expect(left!.n).toBe(1);
    const [untouched] = await db.sql`select search_tokens from messages where id = ${otherIds[0]!}`;
    expect(untouched!.search_tokens).toBeNull();
  });

  test("a strict-mode user who is signed out: nothing happens, nothing fails", async () => {
    const user = await createTestUser(services, { keyMode: "strict" });
    await storeMails(services, user, await createTestMailbox(services, user), [{ subject: "Geheim" }]);
    await db.sql`update messages set search_tokens = null where user_id = ${user.user.id}`;
    await db.sql`delete from sessions where user_id = ${user.user.id}`;
    await run(user.user.id);
    const [row] = await db.sql`select search_tokens from messages where user_id = ${user.user.id}`;
    expect(row!.search_tokens).toBeNull();
  });

  test("refuses a payload that is not a user id", () => {
    expect(v.safeParse(indexMessages.schema, { userId: "nope" }).success).toBe(false);
    expect(v.safeParse(indexMessages.schema, { userId: crypto.randomUUID() }).success).toBe(true);
  });
});
