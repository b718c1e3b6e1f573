/**
 * The dashboard (GET / signed in) and GET /api/v1/dashboard on the real
 * database: every number equals an independent count over the seeded
 * messages and analyses (per cell, per light, per account, open vs done,
 * orphaned left out), also after the changes sync, analysis and the user
 * make; every number links to the list with the right filters; another
 * user's account answers 404.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { priorityScore, trafficLight } from "../../src/analysis/score.ts";
import type { Level } from "../../src/analysis/types.ts";
import type { Dashboard } from "../../src/http/routes/api/v1/dashboard.ts";
import { seedMessages, type Seeded } from "../../bench/seed-messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const alice = await createTestUser(services);
const bob = await createTestUser(services);
const aliceMail = await seedMessages(db.sql, { userId: alice.user.id, dataKey: alice.dataKey, count: 700, accounts: 2, analysed: 0.85, done: 0.3, orphaned: 0.08, seed: 7 });
const bobMail = await seedMessages(db.sql, { userId: bob.user.id, dataKey: bob.dataKey, count: 200, accounts: 1, seed: 8 });

type Done = "open" | "done" | "all";
interface Expected {
  cells: Map<string, number>;
  lights: { red: number; yellow: number; green: number };
  notAnalysed: number;
}

/** The count done independently: straight from messages and analyses, the way the list would filter them. */
async function countInSql(user: TestUser, filter: { account?: string; done: Done }): Promise<Expected> {
  const rows = await db.sql<{ urgency: Level | null; importance: Level | null; n: number }[]>`
    select a.urgency, a.importance, count(*)::int as n
    from messages m left join analyses a on a.message_id = m.id
    where m.user_id = ${user.user.id} and m.orphaned_at is null
      and (${filter.account ?? null}::uuid is null or m.account_id = ${filter.account ?? null}::uuid)
      and (${filter.done} = 'all' or (${filter.done} = 'done') = (m.done_at is not null))
    group by 1, 2`;
  const expected: Expected = { cells: new Map(), lights: { red: 0, yellow: 0, green: 0 }, notAnalysed: 0 };
  for (const row of rows) {
    if (row.urgency === null || row.importance === null) {
      expected.notAnalysed += row.n;
      continue;
    }
    expected.cells.set(`${row.urgency},${row.importance}`, row.n);
    expected.lights[trafficLight(priorityScore(row.urgency, row.importance))] += row.n;
  }
  return expected;
}

/** The same count from the seeder's own record of what it made (no SQL at all). */
function countSeeded(seeded: Seeded, filter: { account?: string; done: Done }): Expected {
  const expected: Expected = { cells: new Map(), lights: { red: 0, yellow: 0, green: 0 }, notAnalysed: 0 };
  for (const message of seeded.messages) {
    if (message.orphaned || (filter.account && message.accountId !== filter.account)) continue;
    if (filter.done !== "all" && message.done !== (filter.done === "done")) continue;
    if (!message.analysis) {
      expected.notAnalysed++;
      continue;
    }
    const key = `${message.analysis.urgency},${message.analysis.importance}`;
    expected.cells.set(key, (expected.cells.get(key) ?? 0) + 1);
    expected.lights[trafficLight(priorityScore(message.analysis.urgency, message.analysis.importance))]++;
  }
  return expected;
}

const query = (filter: { account?: string; done: Done }) => `?done=${filter.done}${filter.account ? `&account=${filter.account}` : ""}`;

async function apiCounts(user: TestUser, filter: { account?: string; done: Done }): Promise<Dashboard> {
  const response = await client(app, { cookie: user.cookie }).json(`/api/v1/dashboard${query(filter)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Dashboard;
}

/** The numbers and links of the rendered page. */
async function pageNumbers(user: TestUser, path: string) {
  const response = await client(app, { cookie: user.cookie }).get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  const decode = (href: string) => href.replaceAll("&amp;", "&");
  const cells = [...html.matchAll(/<td class="light-(\w+)" data-cell="(\d),(\d)" data-count="(\d+)"><a href="([^"]+)" aria-label="([^"]+)">([^<]+)<\/a>/g)].map(
    ([, light, urgency, importance, count, href, label, text]) => ({ light, cell: `${urgency},${importance}`, count: Number(count), href: decode(href!), label, text }),
  );
  const lights = [...html.matchAll(/<li class="light-(\w+)" data-light="\w+" data-count="(\d+)">.*?<a href="([^"]+)"/g)].map(([, light, count, href]) => ({
    light,
    count: Number(count),
    href: decode(href!),
  }));
  const notAnalysed = Number(/<p class="not-analysed" data-count="(\d+)">/.exec(html)?.[1]);
  return { html, cells, lights, notAnalysed };
}

const filters = (seeded: Seeded): { account?: string; done: Done }[] => [undefined, ...seeded.accountIds].flatMap((account) => (["open", "done", "all"] as const).map((done) => ({ account, done })));

describe("the counts", () => {
  test("the seeded mail fills every cell, both lights' kinds, and has orphaned, done and unanalysed messages", () => {
    const all = countSeeded(aliceMail, { done: "all" });
    expect(all.cells.size).toBe(9);
    expect(all.notAnalysed).toBeGreaterThan(0);
    expect(aliceMail.messages.some((message) => message.orphaned)).toBe(true);
    expect(aliceMail.messages.some((message) => message.done && !message.orphaned)).toBe(true);
  });

  test("the API equals the independent SQL count and the seeder's record, per cell, light, account and open/done", async () => {
    for (const filter of filters(aliceMail)) {
      const expected = await countInSql(alice, filter);
      expect(countSeeded(aliceMail, filter)).toEqual(expected);
      const got = await apiCounts(alice, filter);
      expect({ filter, account: got.account, done: got.done }).toEqual({ filter, account: filter.account ?? null, done: filter.done });
      expect({ filter, cells: Object.fromEntries(got.cells.map((cell) => [`${cell.urgency},${cell.importance}`, cell.count])) }).toEqual({
        filter,
        cells: Object.fromEntries(["3,1", "3,2", "3,3", "2,1", "2,2", "2,3", "1,1", "1,2", "1,3"].map((key) => [key, expected.cells.get(key) ?? 0])),
      });
      expect({ filter, lights: got.lights, notAnalysed: got.notAnalysed }).toEqual({ filter, lights: expected.lights, notAnalysed: expected.notAnalysed });
      expect(got.analysed).toBe(expected.lights.red + expected.lights.yellow + expected.lights.green);
    }
  });

  test("the page shows the same numbers: urgency rows high to low, importance columns low to high, cells coloured by light", async () => {
    for (const filter of filters(aliceMail)) {
      const expected = await countInSql(alice, filter);
      const page = await pageNumbers(alice, `/${query(filter)}`);
      expect(page.cells.map((cell) => cell.cell)).toEqual(["3,1", "3,2", "3,3", "2,1", "2,2", "2,3", "1,1", "1,2", "1,3"]);
      for (const cell of page.cells) {
        const [urgency, importance] = cell.cell.split(",").map(Number) as [Level, Level];
        expect({ filter, cell: cell.cell, count: cell.count, light: cell.light }).toEqual({
          filter,
          cell: cell.cell,
          count: expected.cells.get(cell.cell) ?? 0,
          light: trafficLight(priorityScore(urgency, importance)),
        });
      }
      expect(Object.fromEntries(page.lights.map((light) => [light.light, light.count]))).toEqual(expected.lights);
      expect(page.notAnalysed).toBe(expected.notAnalysed);
    }
  });

  test("Bob's mail never shows in Alice's numbers, and his own are his", async () => {
    const all = await apiCounts(alice, { done: "all" });
    const total = all.analysed + all.notAnalysed;
    const [row] = await db.sql`select count(*)::int as n from messages where user_id = ${alice.user.id} and orphaned_at is null`;
    expect(total).toBe(row!.n);
    expect(await apiCounts(bob, { done: "all" })).toMatchObject({ notAnalysed: countSeeded(bobMail, { done: "all" }).notAnalysed, lights: countSeeded(bobMail, { done: "all" }).lights });
  });
});

describe("the counts stay right as mail changes", () => {
  /** Alice's numbers for every filter, API against the independent count. */
  async function expectAllRight(label: string) {
    const accounts = (await db.sql<{ id: string }[]>`select id from mail_accounts where user_id = ${alice.user.id}`).map((row) => row.id);
    for (const filter of filters({ ...aliceMail, accountIds: accounts })) {
      const expected = await countInSql(alice, filter);
      const got = await apiCounts(alice, filter);
      const cells = Object.fromEntries(got.cells.filter((cell) => cell.count > 0).map((cell) => [`${cell.urgency},${cell.importance}`, cell.count]));
      expect({ label, filter, cells, notAnalysed: got.notAnalysed }).toEqual({ label, filter, cells: Object.fromEntries(expected.cells), notAnalysed: expected.notAnalysed });
    }
  }
  const ids = (where: (message: Seeded["messages"][number]) => boolean, take: number) =>
    aliceMail.messages
      .filter(where)
      .slice(0, take)
      .map((message) => message.id);

  test("marking done and open again, orphaning and finding a copy again, moving to another account", async () => {
    await db.sql`update messages set done_at = now() where id = any(${ids((m) => !m.done && !m.orphaned, 25)}::uuid[])`;
    await db.sql`update messages set done_at = null where id = any(${ids((m) => m.done && !m.orphaned, 10)}::uuid[])`;
    await expectAllRight("done changed");
    await db.sql`update messages set orphaned_at = now() where id = any(${ids((m) => !m.orphaned && m.analysis !== null, 15)}::uuid[])`;
    await db.sql`update messages set orphaned_at = null where id = any(${ids((m) => m.orphaned, 5)}::uuid[])`;
    await expectAllRight("orphaned changed");
    await db.sql`update messages set account_id = ${aliceMail.accountIds[1]!} where id = any(${ids((m) => m.accountId === aliceMail.accountIds[0], 12)}::uuid[])`;
    // Changes the counts do not depend on leave them alone.
    await db.sql`update messages set seen = not seen, processed_at = now() where user_id = ${alice.user.id}`;
    await expectAllRight("account and flags changed");
  });

  test("an analysis stored, corrected (also through an upsert) and removed", async () => {
    const unanalysed = ids((m) => m.analysis === null && !m.orphaned, 8);
    await db.sql`
      insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, provider, detail_encrypted)
      select id, ${alice.user.id}, 3, 3, 'urgent', false, false, 'local', '\\x01' from unnest(${unanalysed}::uuid[]) as id`;
    await expectAllRight("analyses added");
    await db.sql`update analyses set urgency = 1 where message_id = any(${ids((m) => m.analysis?.urgency === 3, 20)}::uuid[])`;
    await db.sql`update analyses set updated_at = now() where user_id = ${alice.user.id}`;
    await db.sql`
      insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, provider, detail_encrypted)
      select id, ${alice.user.id}, 2, 1, 'information', false, false, 'local', '\\x01' from unnest(${ids((m) => m.analysis !== null, 30)}::uuid[]) as id
      on conflict (message_id) do update set urgency = excluded.urgency, importance = excluded.importance`;
    await expectAllRight("analyses corrected");
    await db.sql`delete from analyses where message_id = any(${ids((m) => m.analysis?.importance === 2, 10)}::uuid[])`;
    await expectAllRight("analyses removed");
  });

  test("a message marked done while its analysis is being stored is counted once, in its cell, whichever commits first", async () => {
    const advisoryLocks = async (granted: boolean) =>
      (await db.sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted = ${granted} and database = (select oid from pg_database where datname = current_database())`)[0]!
        .n as number;
    const waitingForLocks = async () => (await db.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n as number;
    const waitFor = async (check: () => Promise<boolean>) => {
      for (let tries = 0; !(await check()); tries++) {
        if (tries > 1000) throw new Error("the transactions never reached the expected step");
        await Bun.sleep(10);
      }
    };
    for (const order of ["analysis first", "done first"] as const) {
      const [message] = await db.sql`
        select m.id from messages m left join analyses a on a.message_id = m.id
        where m.user_id = ${alice.user.id} and m.orphaned_at is null and m.done_at is null and a.message_id is null limit 1`;
      let commit!: () => void;
      const held = new Promise<void>((resolve) => (commit = resolve));
      const storeAnalysis = (tx: typeof db.sql) =>
        tx`insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, provider, detail_encrypted)
           values (${message!.id}, ${alice.user.id}, 3, 2, 'urgent', false, false, 'local', '\\x01')`;
      const markDone = (tx: typeof db.sql) => tx`update messages set done_at = now() where id = ${message!.id}`;
      // The first transaction makes its change (taking the counting lock) and stays open until the second waits for it.
      const first = db.sql.begin(async (tx) => {
        await (order === "analysis first" ? storeAnalysis(tx as never) : markDone(tx as never));
        await held;
      });
      await waitFor(async () => (await advisoryLocks(true)) > 0);
      // postgres.js queries are lazy: execute() sends it now, without awaiting the answer.
      const second = (order === "analysis first" ? markDone(db.sql) : storeAnalysis(db.sql)).execute();
      // It waits for the first (or, were there no lock, it would be done already and have counted from a stale view).
      let finished = false;
      void second.then(() => (finished = true));
      await waitFor(async () => finished || (await waitingForLocks()) > 0);
      commit();
      await Promise.all([first, second]);
      await expectAllRight(`concurrent, ${order}`);
    }
  });

  test("messages deleted (their analyses go with them), and a whole account deleted", async () => {
    await db.sql`delete from messages where id = any(${ids((m) => m.analysis !== null, 40)}::uuid[])`;
    await db.sql`delete from messages where id = any(${ids((m) => m.orphaned, 10)}::uuid[])`;
    await expectAllRight("messages deleted");
    const before = await apiCounts(bob, { done: "all" });
    await db.sql`delete from mail_accounts where id = ${aliceMail.accountIds[1]!}`;
    await expectAllRight("account deleted");
    expect(await db.sql`select 1 from dashboard_counts where account_id = ${aliceMail.accountIds[1]!}`).toHaveLength(0);
    expect(await apiCounts(bob, { done: "all" })).toEqual(before);
  });

  test("the migration's count of mail stored before it ran gives the same numbers", async () => {
    const migration = await Bun.file(new URL("../../migrations/0031_spam_out_of_sight.sql", import.meta.url)).text();
    const backfill = /insert into dashboard_counts \(user_id[\s\S]*?group by 1, 2, 3, 4, 5;/.exec(migration)![0];
    const before = await db.sql`select * from dashboard_counts where n <> 0 order by user_id, account_id, done, urgency, importance`;
    await db.sql.begin(async (tx) => {
      await tx`delete from dashboard_counts`;
      await tx.unsafe(backfill);
    });
    expect([...(await db.sql`select * from dashboard_counts order by user_id, account_id, done, urgency, importance`)]).toEqual([...before]);
    await expectAllRight("recounted");
  });

  test("a deleted user leaves no counts behind, and nobody else's change", async () => {
    const erin = await createTestUser(services);
    await seedMessages(db.sql, { userId: erin.user.id, dataKey: erin.dataKey, count: 50, accounts: 2, seed: 9 });
    expect((await db.sql`select sum(n)::int as n from dashboard_counts where user_id = ${erin.user.id}`)[0]!.n).toBe(50);
    const before = await apiCounts(bob, { done: "all" });
    await db.sql`delete from users where id = ${erin.user.id}`;
    expect(await db.sql`select 1 from dashboard_counts where user_id = ${erin.user.id}`).toHaveLength(0);
    expect(await apiCounts(bob, { done: "all" })).toEqual(before);
  });
});

describe("links and filters", () => {
  test("every number links to /messages with exactly its cell or light, done and account", async () => {
    for (const filter of filters(bobMail)) {
      const page = await pageNumbers(bob, `/${query(filter)}`);
      const tail = `done=${filter.done}${filter.account ? `&account=${filter.account}` : ""}`;
      expect(page.cells.map((cell) => cell.href)).toEqual(["3,1", "3,2", "3,3", "2,1", "2,2", "2,3", "1,1", "1,2", "1,3"].map((cell) => `/messages?cell=${cell}&${tail}`));
      expect(page.lights.map((light) => light.href)).toEqual(["red", "yellow", "green"].map((light) => `/messages?light=${light}&${tail}`));
      const api = await apiCounts(bob, filter);
      expect(api.cells.map((cell) => cell.href)).toEqual(page.cells.map((cell) => cell.href));
    }
  });

  test("numbers are labelled for screen readers and the matrix has row and column headers", async () => {
    const { html, cells } = await pageNumbers(bob, "/?done=all");
    expect(html).toContain("<caption>Nachrichten nach Dringlichkeit und Wichtigkeit</caption>");
    expect(html.match(/<th scope="col">/g)).toHaveLength(3);
    expect(html.match(/<th scope="row">/g)).toHaveLength(3);
    const top = cells.find((cell) => cell.cell === "3,1")!;
    expect(top.label).toBe(`${top.text} Nachrichten mit Dringlichkeit hoch und Wichtigkeit niedrig (Gelb)`);
    const english = await client(app, { cookie: `lang=en; ${bob.cookie}` }).get("/?done=all");
    expect(await english.text()).toContain("Messages by urgency and importance");
  });

  test("the default is open messages of all accounts, and the selector links keep the other half of the filter", async () => {
    const page = await pageNumbers(bob, "/");
    const open = await apiCounts(bob, { done: "open" });
    expect(page.cells.map((cell) => cell.count)).toEqual(open.cells.map((cell) => cell.count));
    const account = bobMail.accountIds[0]!;
    const { html } = await pageNumbers(bob, `/?done=done&account=${account}`);
    expect(html).toContain('href="/?done=done"');
    expect(html).toContain(`href="/?done=open&amp;account=${account}"`);
    expect(html).toMatch(new RegExp(`<a href="/\\?done=done&amp;account=${account}" aria-current="true">`));
  });

  test("an htmx swap from the selector gets the panel alone; a history restore gets the whole page", async () => {
    const fragment = await client(app, { cookie: bob.cookie }).get("/?done=all", { "HX-Request": "true", "HX-Target": "dashboard", "HX-Boosted": "true" });
    const text = await fragment.text();
    expect(text.startsWith('<section id="dashboard"')).toBe(true);
    expect(text).not.toContain("<html");
    const restore = await client(app, { cookie: bob.cookie }).get("/?done=all", { "HX-Request": "true", "HX-Target": "dashboard", "HX-History-Restore-Request": "true" });
    expect(await restore.text()).toContain("<html");
  });

  test("another user's account answers 404, on the page and the API, as does an id that is none", async () => {
    for (const account of [aliceMail.accountIds[0]!, crypto.randomUUID(), "not-an-id"]) {
      expect((await client(app, { cookie: bob.cookie }).get(`/?account=${account}`)).status).toBe(404);
      const api = await client(app, { cookie: bob.cookie }).json(`/api/v1/dashboard?account=${account}`);
      expect(api.status).toBe(404);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });

  test("a done value that is none answers 400", async () => {
    expect((await client(app, { cookie: bob.cookie }).get("/?done=maybe")).status).toBe(400);
    expect((await client(app, { cookie: bob.cookie }).json("/api/v1/dashboard?done=maybe")).status).toBe(400);
  });

  test("signed out, / still sends the browser to sign in and the API answers 401", async () => {
    const page = await app.request("/", { headers: { Accept: "text/html" } });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/signin");
    expect((await app.request("/api/v1/dashboard", { headers: { Accept: "application/json" } })).status).toBe(401);
  });
});
