/**
 * The threads view on the real database: conversations grouped by thread,
 * newest activity first, keyset pages that neither skip nor repeat, each
 * with its decrypted subject, participants, message and unread counts and
 * highest traffic light; a conversation's messages oldest first linking to
 * their message pages; someone else's thread answers 404.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { priorityScore, trafficLight, type TrafficLight } from "../../src/analysis/score.ts";
import { THREAD_MESSAGES_PER_PAGE, THREADS_PER_PAGE } from "../../src/inbox/threads.ts";
import { seedMessages, type Seeded, type SeededMessage } from "../../bench/seed-messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const alice = await createTestUser(services);
const bob = await createTestUser(services);
const aliceMail = await seedMessages(db.sql, { userId: alice.user.id, dataKey: alice.dataKey, count: 400, accounts: 2, orphaned: 0.1, maxThreadLength: 6, seed: 11 });
const bobMail = await seedMessages(db.sql, { userId: bob.user.id, dataKey: bob.dataKey, count: 60, seed: 12 });

const decode = (text: string) => text.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
const newestFirst = (a: SeededMessage, b: SeededMessage) => b.receivedAt.getTime() - a.receivedAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);

interface ExpectedThread {
  threadId: string;
  subject: string;
  participants: string;
  count: number;
  unread: number;
  light: TrafficLight | null;
}

/** What the list should show, worked out from the seeder's own record of the mail. */
function expectedThreads(seeded: Seeded): ExpectedThread[] {
  const byThread = new Map<string, SeededMessage[]>();
  for (const message of seeded.messages.filter((entry) => !entry.orphaned)) byThread.set(message.threadId, [...(byThread.get(message.threadId) ?? []), message]);
  return [...byThread.values()]
    .map((messages) => messages.sort(newestFirst))
    .sort((a, b) => newestFirst(a[0]!, b[0]!))
    .map((messages) => {
      const scores = messages.filter((message) => message.analysis).map((message) => priorityScore(message.analysis!.urgency, message.analysis!.importance));
      return {
        threadId: messages[0]!.threadId,
        subject: messages[0]!.subject,
        participants: [...new Set(messages.slice(0, 3).map((message) => message.from.name))].join(", "),
        count: messages.length,
        unread: messages.filter((message) => !message.seen).length,
        light: scores.length ? trafficLight(Math.max(...scores)) : null,
      };
    });
}

async function listPage(user: TestUser, path: string) {
  const response = await client(app, { cookie: user.cookie }).get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  const rows = [...html.matchAll(/<tr data-thread="([^"]+)" data-unread="\w+">(.*?)<\/tr>/g)].map(([, threadId, row]) => ({
    threadId: threadId!,
    subject: decode(/<td class="subject"><a href="\/threads\/[^"]+">([^<]*)<\/a>/.exec(row!)![1]!),
    href: /<td class="subject"><a href="([^"]+)"/.exec(row!)![1],
    participants: decode(/<td class="participants">([^<]*)<\/td>/.exec(row!)![1]!),
    count: Number(/<td class="number count">(\d+)<\/td>/.exec(row!)![1]),
    unread: Number(/<td class="number unread">(\d+)<\/td>/.exec(row!)![1]),
    light: (/data-light="(\w+)"/.exec(row!)?.[1] ?? null) as TrafficLight | null,
  }));
  const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
  return { html, rows, next: next && decode(next) };
}

/** Every page of the list, following its "older" links. */
async function allPages(user: TestUser) {
  const pages = [];
  let path: string | undefined = "/threads";
  while (path) {
    const page = await listPage(user, path);
    pages.push(page);
    path = page.next;
  }
  return pages;
}

describe("/threads", () => {
  test("lists every conversation once, newest activity first, a page at a time, with what the seeded mail says", async () => {
    const expected = expectedThreads(aliceMail);
    expect(expected.length).toBeGreaterThan(2 * THREADS_PER_PAGE);
    const pages = await allPages(alice);
    expect(pages.length).toBe(Math.ceil(expected.length / THREADS_PER_PAGE));
    expect(pages.slice(0, -1).every((page) => page.rows.length === THREADS_PER_PAGE)).toBe(true);
    const shown = pages.flatMap((page) => page.rows);
    expect(shown.map((row) => row.threadId)).toEqual(expected.map((thread) => thread.threadId));
    for (const [index, row] of shown.entries()) {
      const { href, ...values } = row;
      expect(values).toEqual(expected[index]!);
      expect(href).toBe(`/threads/${row.threadId}`);
    }
    // Conversations of several messages, unread ones and one with no analysis are among them.
    expect(expected.some((thread) => thread.count > 3)).toBe(true);
    expect(expected.some((thread) => thread.unread > 0)).toBe(true);
  });

  test("pages stay put when new mail arrives: a later page by its cursor is the same, the new conversation is on the first", async () => {
    const first = await listPage(alice, "/threads");
    const second = await listPage(alice, first.next!);
    const arrived = await seedMessages(db.sql, { userId: alice.user.id, dataKey: alice.dataKey, count: 2, accountIds: [aliceMail.accountIds[0]!], maxThreadLength: 1, orphaned: 0, seed: 13 });
    const tomorrow = new Date(Date.now() + 86_400_000);
    await db.sql`update messages set received_at = ${tomorrow} where id = any(${arrived.messageIds}::uuid[])`;
    for (const message of arrived.messages) message.receivedAt = tomorrow;
    const secondAgain = await listPage(alice, first.next!);
    expect({ rows: secondAgain.rows, next: secondAgain.next }).toEqual({ rows: second.rows, next: second.next });
    const fresh = await listPage(alice, "/threads");
    expect(
      fresh.rows
        .slice(0, 2)
        .map((row) => row.threadId)
        .sort(),
    ).toEqual(arrived.messages.map((message) => message.threadId).sort());
    expect(fresh.rows.slice(2).map((row) => row.threadId)).toEqual(first.rows.slice(0, THREADS_PER_PAGE - 2).map((row) => row.threadId));
    aliceMail.messages.push(...arrived.messages);
  });

  test("shows none of another user's conversations", async () => {
    const aliceThreads = (await allPages(alice)).flatMap((page) => page.rows.map((row) => row.threadId));
    expect(aliceThreads.filter((id) => bobMail.messages.some((message) => message.threadId === id))).toEqual([]);
    const bobPages = await allPages(bob);
    expect(bobPages.flatMap((page) => page.rows.map((row) => row.threadId))).toEqual(expectedThreads(bobMail).map((thread) => thread.threadId));
  });

  test("answers a cursor it did not make with 400", async () => {
    for (const cursor of ["garbage", "2026-01-01 00:00:00_not-a-uuid", "'; drop table messages; --_00000000-0000-0000-0000-000000000000"]) {
      expect((await client(app, { cookie: alice.cookie }).get(`/threads?before=${encodeURIComponent(cursor)}`)).status).toBe(400);
    }
  });

  test("says so when there are no conversations (German and English)", async () => {
    const carol = await createTestUser(services);
    expect(await (await client(app, { cookie: carol.cookie }).get("/threads")).text()).toContain("Noch keine Unterhaltungen.");
    expect(await (await client(app, { cookie: `lang=en; ${carol.cookie}` }).get("/threads")).text()).toContain("No conversations yet.");
  });
});

describe("/threads/:threadId", () => {
  test("shows the conversation's messages oldest first, decrypted, each linking to its message page; orphaned ones are left out", async () => {
    const long = expectedThreads(aliceMail).find((thread) => thread.count >= 3)!;
    const messages = aliceMail.messages.filter((message) => message.threadId === long.threadId);
    const shownMessages = messages.filter((message) => !message.orphaned).sort((a, b) => newestFirst(b, a));
    const response = await client(app, { cookie: alice.cookie }).get(`/threads/${long.threadId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const items = [
      ...html.matchAll(
        /<li data-message="([^"]+)" data-seen="(\w+)"><details class="mh-conversation"[^>]*><summary><span class="from">([^<]*)<\/span>: <span class="subject">([^<]*)<\/span>.*?<a class="open-message" href="([^"]+)">/gs,
      ),
    ].map(([, id, seen, from, subject, href]) => ({ id, seen: seen === "true", href, from: decode(from!), subject: decode(subject!) }));
    expect(items).toEqual(shownMessages.map((message) => ({ id: message.id, seen: message.seen, href: `/messages/${message.id}`, from: message.from.name, subject: message.subject })));
    expect(html).toContain(`<h1>${shownMessages[0]!.subject}</h1>`);
  });

  test("a long conversation comes in pages, oldest first throughout", async () => {
    const dave = await createTestUser(services);
    const daveMail = await seedMessages(db.sql, { userId: dave.user.id, dataKey: dave.dataKey, count: THREAD_MESSAGES_PER_PAGE + 15, maxThreadLength: 1, orphaned: 0, seed: 14 });
    const threadId = daveMail.messages[0]!.threadId;
    await db.sql`update messages set thread_id = ${threadId} where user_id = ${dave.user.id}`;
    const ids: string[] = [];
    let path: string | undefined = `/threads/${threadId}`;
    while (path) {
      const html: string = await (await client(app, { cookie: dave.cookie }).get(path)).text();
      ids.push(...[...html.matchAll(/<li data-message="([^"]+)"/g)].map((match) => match[1]!));
      const next: string | undefined = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
      path = next && decode(next);
    }
    expect(ids).toEqual([...daveMail.messages].sort((a, b) => newestFirst(b, a)).map((message) => message.id));
  });

  test("another user's conversation, one that does not exist, one with only orphaned messages and an id that is none answer 404", async () => {
    const orphanedOnly = aliceMail.messages.find((message) => message.orphaned)!;
    const lonelyThread = crypto.randomUUID();
    await db.sql`update messages set thread_id = ${lonelyThread} where id = ${orphanedOnly.id}`;
    for (const threadId of [bobMail.messages[0]!.threadId, crypto.randomUUID(), lonelyThread, "not-a-thread"]) {
      const response = await client(app, { cookie: alice.cookie }).get(`/threads/${threadId}`);
      expect({ threadId, status: response.status }).toEqual({ threadId, status: 404 });
    }
    const json = await client(app, { cookie: alice.cookie }).json(`/threads/${bobMail.messages[0]!.threadId}`);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  test("signed out, both pages send the browser to sign in", async () => {
    for (const path of ["/threads", `/threads/${bobMail.messages[0]!.threadId}`]) {
      const response = await app.request(path, { headers: { Accept: "text/html" } });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")?.split("?")[0]).toBe("/signin");
    }
  });
});
