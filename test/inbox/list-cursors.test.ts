/**
 * Cursors carry a message's date to the microsecond (PostgreSQL's
 * precision, which a JS Date lacks), before 1970 too: a page boundary
 * between two messages a microsecond apart neither skips nor repeats one.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const DATES = [
  "1969-12-31 23:59:59.999999+00",
  "1969-12-31 23:59:59.9995+00",
  "1969-07-20 20:17:40.000001+00",
  "2026-11-28 17:25:03.123456+00",
  "2026-11-28 17:25:03.123457+00",
  "2026-11-28 17:25:03.123457+00",
  "2038-01-19 03:14:08.5+00",
];

let user: TestUser;
let ids: string[];

beforeAll(async () => {
  user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  ids = await storeMails(
    services,
    user,
    box,
    DATES.map((_, index) => ({ subject: `Nachricht ${index}` })),
  );
  for (const [index, date] of DATES.entries()) await db.sql`update messages set received_at = ${date}::timestamptz where id = ${ids[index]!}`;
});

/** One message a page, forwards with `after` to the end, then back with `before`. */
async function walk(sort: string): Promise<{ forwards: string[]; backwards: string[] }> {
  const read = (params: Record<string, string>) => listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ sort, ...params }), 1);
  let page = await read({});
  const forwards = page.messages.map((message) => message.id);
  while (page.next) {
    page = await read({ after: page.next });
    forwards.push(...page.messages.map((message) => message.id));
  }
  const backwards = page.messages.map((message) => message.id);
  while (page.previous) {
    page = await read({ before: page.previous });
    backwards.unshift(...page.messages.map((message) => message.id));
  }
  return { forwards, backwards };
}

test("pages of one message walk every message once, in PostgreSQL's order, forwards and back", async () => {
  for (const [sort, order] of [
    ["date", "desc"],
    ["oldest", "asc"],
    ["priority", "desc"],
  ] as const) {
    const expected = (
      await db.sql<{ id: string }[]>`
      select id from messages where user_id = ${user.user.id}
      order by ${sort === "priority" ? db.sql`priority ${db.sql.unsafe(order)},` : db.sql``} list_date ${db.sql.unsafe(order)}, id ${db.sql.unsafe(order)}`
    ).map((row) => row.id);
    expect({ sort, ...(await walk(sort)) }).toEqual({ sort, forwards: expected, backwards: expected });
  }
});

test("the listed date is the message's date, to the millisecond", async () => {
  const page = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ sort: "oldest" }), 10);
  expect(page.messages.map((message) => message.date.toISOString())).toEqual([
    "1969-07-20T20:17:40.000Z",
    "1969-12-31T23:59:59.999Z",
    "1969-12-31T23:59:59.999Z",
    "2026-11-28T17:25:03.123Z",
    "2026-11-28T17:25:03.123Z",
    "2026-11-28T17:25:03.123Z",
    "2038-01-19T03:14:08.500Z",
  ]);
});
