/**
 * The message list over real stored mail (parse → storeBatch, as sync
 * writes it): blind-index search across all pages, filters, sorting, keyset
 * pages without gaps or repeats, what is left out, and isolation.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MessageListJson } from "../../src/http/routes/api/v1/messages-list-schemas.ts";
import { t } from "../../src/i18n/messages.ts";
import { indexNextBatch } from "../../src/search/index-messages.ts";
import { tagBinding } from "../../src/analysis/tags.ts";
import { encrypt } from "../../src/crypto/aead.ts";
import { filterOptions } from "../../src/inbox/filter-options.ts";
import { createTestMailbox, storeMails, type TestMail, type TestMailbox } from "../search/fixtures.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const HOUR = 3600_000;
const BASE = Date.parse("2026-11-20T12:00:00Z");
/** The unique word of the mail that sits on page 5 of the newest-first list, in its body only. */
const NEEDLE_INDEX = 215;

let alice: TestUser;
let bob: TestUser;
let box: TestMailbox;
let bobBox: TestMailbox;
let ids: string[];

/** 300 mails, newest first by index; dates and sizes repeat in threes, so ties must be broken by id. */
function aliceMails(): TestMail[] {
  return Array.from({ length: 300 }, (_, index) => ({
    subject: `Bericht ${index}`,
    body: index === NEEDLE_INDEX ? "Im Keller steht noch Quittengelee von Oma." : `Text der Nachricht ${index}`,
    date: new Date(BASE - Math.floor(index / 3) * HOUR),
    size: 1000 + (index % 7) * 100,
    flags: index % 4 === 0 ? ["\\Seen"] : index % 10 === 1 ? ["\\Flagged"] : [],
  }));
}

async function analyse(messageId: string, userId: string, urgency: number, importance: number, language = "de") {
  await db.sql`
    insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, language, provider, detail_encrypted)
    values (${messageId}, ${userId}, ${urgency}, ${importance}, 'information', false, false, ${language}, 'local', '\\x00')`;
}

const idsIn = (html: string) => [...html.matchAll(/data-message-id="([0-9a-f-]{36})"/g)].map((match) => match[1]!);
const linkIn = (html: string, rel: "next" | "prev") => new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replaceAll("&amp;", "&");

async function api(user: TestUser, query: Record<string, string> = {}) {
  const response = await client(app, { cookie: user.cookie }).json(`/api/v1/messages?${new URLSearchParams(query)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as MessageListJson;
}

/** Every page following `next`, then back with `previous`: the ids seen each way. */
async function walk(user: TestUser, query: Record<string, string>) {
  const pages: string[][] = [];
  let page = await api(user, query);
  pages.push(page.messages.map((message) => message.id));
  while (page.next) {
    page = await api(user, { ...query, after: page.next });
    pages.push(page.messages.map((message) => message.id));
  }
  const backwards: string[][] = [pages.at(-1)!];
  while (page.previous) {
    page = await api(user, { ...query, before: page.previous });
    backwards.unshift(page.messages.map((message) => message.id));
  }
  return { pages, backwards };
}

beforeAll(async () => {
  alice = await createTestUser(services);
  bob = await createTestUser(services);
  box = await createTestMailbox(services, alice);
  ids = await storeMails(services, alice, box, aliceMails());
  bobBox = await createTestMailbox(services, bob, "Bob");
  // Bob's mail has Alice's words: his index must never answer her.
  await storeMails(services, bob, bobBox, [{ subject: "Bericht 1", body: "Quittengelee", date: new Date(BASE + HOUR) }]);
});

describe("search", () => {
  test("finds a word that is only in the body of a mail on page 5, from the first page of results", async () => {
    const user = client(app, { cookie: alice.cookie });
    // Without a search, the mail is on page 5 of the newest-first list.
    let html = await (await user.get("/messages?sort=date")).text();
    for (let page = 1; page < 5; page++) {
      expect(idsIn(html)).not.toContain(ids[NEEDLE_INDEX]!);
      html = await (await user.get(linkIn(html, "next")!)).text();
    }
    expect(idsIn(html)).toContain(ids[NEEDLE_INDEX]!);

    const logs = captureLogs();
    const found = await user.get("/messages?q=Quittengelee");
    const text = await found.text();
    logs.stop();
    expect(found.status).toBe(200);
    expect(idsIn(text)).toEqual([ids[NEEDLE_INDEX]!]);
    expect(text).toContain(`Bericht ${NEEDLE_INDEX}`);
    // The search words are private: never in a log line.
    expect(logs.text()).not.toContain("Quittengelee");
    expect(logs.text().toLowerCase()).not.toContain("quittengelee");
  });

  test("all words must match; subject, sender and umlaut spellings are found; another user's mail never", async () => {
    expect((await api(alice, { q: "quittengelee oma" })).messages.map((m) => m.id)).toEqual([ids[NEEDLE_INDEX]!]);
    expect((await api(alice, { q: "quittengelee opa" })).messages).toEqual([]);
    expect((await api(alice, { q: "Bericht 17", done: "all" })).messages.map((m) => m.id)).toEqual([ids[17]!]);
    expect((await api(alice, { q: "anna example.org", sort: "date" })).messages).toHaveLength(50);
    const [umlaut] = await storeMails(services, alice, box, [{ subject: "Grüße aus München", from: "Jörg Müller <joerg@example.org>", date: new Date(BASE - 1000 * HOUR) }]);
    for (const q of ["müller", "Mueller", "muller", "grüße", "gruesse", "münchen", "muenchen"]) {
      expect({ q, ids: (await api(alice, { q })).messages.map((m) => m.id) }).toEqual({ q, ids: [umlaut!] });
    }
    const bobs = await api(bob, { q: "quittengelee" });
    expect(bobs.messages).toHaveLength(1);
    expect(bobs.messages[0]!.accountId).toBe(bobBox.account.id);
  });

  test("a query without a word of two letters matches nothing and says why", async () => {
    const page = await api(alice, { q: "x !" });
    expect(page).toMatchObject({ messages: [], searchTooShort: true, next: null });
  });

  test("messages stored without tokens are indexed by the backfill, which a search asks for", async () => {
    await db.sql`update messages set search_tokens = null where id = ${ids[NEEDLE_INDEX]!}`;
    const before = await api(alice, { q: "quittengelee" });
    expect(before).toMatchObject({ messages: [], indexing: true });
    const html = await (await client(app, { cookie: alice.cookie }).get("/messages?q=quittengelee")).text();
    expect(html).toContain(t("de", "list.indexing"));
    const [job] = await db.sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'index_messages'`;
    expect(job!.payload).toEqual({ userId: alice.user.id });
    expect(await indexNextBatch(db.sql, alice.dataKey, alice.user.id)).toBe(1);
    expect(await indexNextBatch(db.sql, alice.dataKey, alice.user.id)).toBe(0);
    const after = await api(alice, { q: "quittengelee" });
    expect(after).toMatchObject({ indexing: false });
    expect(after.messages.map((m) => m.id)).toEqual([ids[NEEDLE_INDEX]!]);
  });
});

describe("pages", () => {
  test("every sort walks all messages once, forwards and back, in order", async () => {
    await analyse(ids[250]!, alice.user.id, 3, 3);
    await analyse(ids[100]!, alice.user.id, 3, 3);
    await analyse(ids[5]!, alice.user.id, 1, 1);
    const [visible] = await db.sql<{ n: number }[]>`select count(*)::int as n from messages where user_id = ${alice.user.id} and done_at is null and orphaned_at is null`;
    for (const sort of ["priority", "date", "oldest", "size"]) {
      const { pages, backwards } = await walk(alice, { sort });
      const all = pages.flat();
      expect({ sort, count: all.length, unique: new Set(all).size }).toEqual({ sort, count: visible!.n, unique: visible!.n });
      expect(pages.slice(0, -1).every((page) => page.length === 50)).toBe(true);
      expect(backwards.flat()).toEqual(all);
      if (sort === "priority") expect(all.slice(0, 3)).toEqual([ids[100]!, ids[250]!, ids[5]!]);
    }
    const dates = (await walk(alice, { sort: "date" })).pages.flat();
    expect(dates.slice(0, 3).sort()).toEqual(ids.slice(0, 3).sort());
    const sizes = (await walk(alice, { sort: "size" })).pages.flat();
    const sizeOf = new Map((await db.sql<{ id: string; size: number }[]>`select id, size from messages where user_id = ${alice.user.id}`).map((row) => [row.id, row.size]));
    expect(sizes.map((id) => sizeOf.get(id)!)).toEqual(sizes.map((id) => sizeOf.get(id)!).sort((a, b) => b - a));
  });

  test("the HTML page links next and previous pages and shows sender, subject, score and '–' without analysis", async () => {
    const user = client(app, { cookie: alice.cookie });
    const first = await user.get("/messages");
    expect(first.headers.get("cache-control")).toBe("no-store");
    const html = await first.text();
    expect(linkIn(html, "prev")).toBeUndefined();
    const second = await (await user.get(linkIn(html, "next")!)).text();
    expect(linkIn(second, "prev")).toBeDefined();
    expect(html).toContain("Anna Schmidt");
    // The row keeps the list it is in (here the default list: empty), for the message page's next/previous and back.
    expect(html).toContain(`href="/messages/${ids[100]!}?list="`);
    expect(html).toMatch(/class="light light-red"[^>]*>.*?9<\/span>/s);
    expect(html).toContain('class="light light-none"');
  });

  test("the API is in the OpenAPI document with its query parameters", async () => {
    const document = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    const names = document.paths["/api/v1/messages"]!.get!.parameters!.map((parameter) => parameter.name);
    expect(names).toEqual(
      expect.arrayContaining(["q", "light", "cell", "category", "done", "account", "folder", "tag", "read", "flagged", "attachments", "from", "to", "language", "sort", "after", "before"]),
    );
  });

  test("a malformed or foreign cursor and bad parameters are a 400", async () => {
    const user = client(app, { cookie: alice.cookie });
    const page = await api(alice, { sort: "date" });
    expect((await user.json(`/api/v1/messages?sort=size&after=${page.next}`)).status).toBe(400);
    expect((await user.json("/api/v1/messages?after=bm90LWEtY3Vyc29y")).status).toBe(400);
    for (const query of ["from=2026-02-31", "cell=4,1", "light=blue", "category=spam", "account=nope", "read=maybe", `q=${"x".repeat(600)}`]) {
      expect({ query, status: (await user.json(`/api/v1/messages?${query}`)).status }).toEqual({ query, status: 400 });
      expect({ query, status: (await user.get(`/messages?${query}`)).status }).toEqual({ query, status: 400 });
    }
  });
});

describe("filters", () => {
  const listed = async (query: Record<string, string>) => (await api(alice, { done: "all", sort: "date", ...query })).messages;

  test("read, flagged, attachments, date range", async () => {
    expect((await listed({ read: "yes" })).every((m) => m.seen)).toBe(true);
    expect((await listed({ read: "yes" })).length).toBe(50);
    expect((await listed({ read: "no" })).every((m) => !m.seen)).toBe(true);
    const flagged = await listed({ flagged: "yes" });
    expect(flagged.map((m) => m.id).sort()).toEqual(
      ids
        .filter((_, index) => index % 10 === 1 && index % 4 !== 0)
        .sort()
        .slice(0, 50)
        .sort(),
    );
    await db.sql`update messages set has_attachments = true where id = ${ids[7]!}`;
    expect((await listed({ attachments: "yes" })).map((m) => m.id)).toEqual([ids[7]!]);
    const day = (await walk(alice, { done: "all", sort: "date", from: "2026-11-19", to: "2026-11-19" })).pages.flat().map((id) => ({ id }));
    // Days are the database's (its time zone), like the date inputs' days are the server's.
    const [{ TimeZone: zone }] = (await db.sql`show timezone`) as unknown as [{ TimeZone: string }];
    const dayIn = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    const expectedDay = ids.filter((_, index) => dayIn.format(new Date(BASE - Math.floor(index / 3) * HOUR)) === "2026-11-19");
    expect(expectedDay.length).toBeGreaterThan(50);
    expect(day.map((m) => m.id).sort()).toEqual(expectedDay.sort());
  });

  test("traffic light, matrix cell and language come from the analysis", async () => {
    await analyse(ids[30]!, alice.user.id, 2, 2, "en");
    expect((await listed({ light: "red" })).map((m) => m.id).sort()).toEqual([ids[100]!, ids[250]!].sort());
    expect((await listed({ light: "yellow" })).map((m) => m.id)).toEqual([ids[30]!]);
    expect((await listed({ light: "green" })).map((m) => m.id)).toEqual([ids[5]!]);
    expect((await listed({ cell: "2,2" })).map((m) => m.id)).toEqual([ids[30]!]);
    expect((await listed({ cell: "3,3" })).length).toBe(2);
    expect((await listed({ language: "en" })).map((m) => m.id)).toEqual([ids[30]!]);
    const [row] = await listed({ cell: "2,2" });
    expect(row!.analysis).toMatchObject({ score: 6, trafficLight: "yellow", urgency: 2, importance: 2, language: "en" });
  });

  test("every category, old and new, is a filter in the API and on the page, with its label in the form", async () => {
    const categorised = { newsletter: ids[100]!, notification: ids[250]!, social: ids[5]!, personal: ids[30]! } as const;
    // A real update through the analyses' check constraint, as migration 0024 widened it.
    for (const [category, id] of Object.entries(categorised)) await db.sql`update analyses set category = ${category} where message_id = ${id}`;
    try {
      for (const [category, id] of Object.entries(categorised)) {
        const rows = await listed({ category });
        expect({ category, ids: rows.map((m) => m.id) }).toEqual({ category, ids: [id] });
        expect(rows[0]!.analysis!.category).toBe(category);
      }
      expect(await listed({ category: "action_required" })).toEqual([]);
      const user = client(app, { cookie: alice.cookie });
      const page = await (await user.get("/messages?category=social&done=all&sort=date")).text();
      expect(idsIn(page)).toEqual([categorised.social]);
      for (const category of ["newsletter", "notification", "social", "personal", "action_required"] as const) {
        expect(page).toContain(`>${t("de", `message.category.${category}`).replace("&", "&amp;")}</option>`);
      }
      expect(page).toContain('<option value="social" selected="">');
    } finally {
      await db.sql`update analyses set category = 'information' where message_id in ${db.sql(Object.values(categorised))}`;
    }
  });

  test("account, folder and tag; Trash and Junk only when asked for; orphaned never", async () => {
    const archived = await storeMails(services, alice, box, [{ subject: "Archiviert", date: new Date(BASE - 500 * HOUR) }], "Archive");
    const trashed = await storeMails(services, alice, box, [{ subject: "Weggeworfen Papierkorbwort", date: new Date(BASE - 501 * HOUR) }], "Trash");
    const junk = await storeMails(services, alice, box, [{ subject: "Spam Junkwort", date: new Date(BASE - 502 * HOUR) }], "Junk");
    expect((await listed({ folder: box.folders.Archive.id })).map((m) => m.id)).toEqual(archived);
    expect((await listed({ folder: box.folders.Trash.id })).map((m) => m.id)).toEqual(trashed);
    expect((await listed({ folder: box.folders.Junk.id })).map((m) => m.id)).toEqual(junk);
    expect(await listed({ q: "papierkorbwort" })).toEqual([]);
    expect(await listed({ q: "junkwort" })).toEqual([]);
    expect((await listed({ q: "papierkorbwort", folder: box.folders.Trash.id })).map((m) => m.id)).toEqual(trashed);

    const second = await createTestMailbox(services, alice, "Zweites");
    const [other] = await storeMails(services, alice, second, [{ subject: "Anderes Postfach", date: new Date(BASE - 503 * HOUR) }]);
    expect((await listed({ account: second.account.id })).map((m) => m.id)).toEqual([other!]);
    expect(await listed({ account: box.account.id, q: "anderes" })).toEqual([]);

    const [tag] = await db.sql`insert into tags (user_id, name_hash, name_encrypted) values (${alice.user.id}, '\\x01', '\\x02') returning id`;
    await db.sql`insert into message_tags (message_id, tag_id, user_id) values (${ids[42]!}, ${tag!.id}, ${alice.user.id})`;
    expect((await listed({ tag: tag!.id })).map((m) => m.id)).toEqual([ids[42]!]);

    await db.sql`update messages set orphaned_at = now() where id = ${ids[0]!}`;
    const all = (await walk(alice, { done: "all", sort: "date" })).pages.flat();
    expect(all).not.toContain(ids[0]!);
    expect((await listed({ q: "bericht" })).map((m) => m.id)).not.toContain(ids[0]!);
    expect((await listed({ q: "bericht" })).map((m) => m.id)).toContain(ids[1]!);
    await db.sql`update messages set orphaned_at = null where id = ${ids[0]!}`;
  });

  test("the filter form offers the user's tags by their decrypted names, sorted; a name that does not open shows the id's start", async () => {
    const user = await createTestUser(services);
    const tagIds = [crypto.randomUUID(), crypto.randomUUID(), `ffffffff-${crypto.randomUUID().slice(9)}`];
    const names = ["Rechnung", "Arbeit", undefined];
    for (const [index, id] of tagIds.entries()) {
      const name = names[index] === undefined ? Buffer.from("not a ciphertext") : encrypt(user.dataKey, names[index]!, tagBinding(user.user.id, id));
      await db.sql`insert into tags (id, user_id, name_hash, name_encrypted) values (${id}, ${user.user.id}, ${Buffer.of(index)}, ${name})`;
    }
    const options = await filterOptions(db.sql, user.dataKey, user.user.id);
    expect(options.tags).toEqual([
      { id: tagIds[1]!, name: "Arbeit", colour: null },
      { id: tagIds[2]!, name: "ffffffff", colour: null },
      { id: tagIds[0]!, name: "Rechnung", colour: null },
    ]);
  });

  test("another user's account, folder or tag in a filter answers 404", async () => {
    const [bobTag] = await db.sql`insert into tags (user_id, name_hash, name_encrypted) values (${bob.user.id}, '\\x01', '\\x02') returning id`;
    const user = client(app, { cookie: alice.cookie });
    for (const query of [`account=${bobBox.account.id}`, `folder=${bobBox.folders.INBOX.id}`, `tag=${bobTag!.id}`]) {
      expect({ query, status: (await user.json(`/api/v1/messages?${query}`)).status }).toEqual({ query, status: 404 });
      expect({ query, status: (await user.get(`/messages?${query}`)).status }).toEqual({ query, status: 404 });
    }
  });
});
