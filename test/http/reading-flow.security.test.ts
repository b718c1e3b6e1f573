/**
 * The reading flow's routes against another user's rows and bad input: the
 * list a message page was opened from, "Abbestellen", "always archive" and
 * the read-on-open setting; and read on open only for this site's own
 * navigations, never for a cross-site one.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";
import { processMessages } from "../analysis/support.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

async function userWithMail() {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const ids = await storeMails(services, user, box, [{ subject: "Rechnung" }, { subject: "Termin" }]);
  await processMessages(services, ids);
  return { user, box, ids };
}

const alice = await userWithMail();
const bob = await userWithMail();
const asAlice = client(app, { cookie: alice.user.cookie });
const journalOf = async (messageId: string) => (await db.sql<{ action: string }[]>`select action from action_journal where message_id = ${messageId}`).map((row) => row.action);

describe("the message page's list", () => {
  test("a list naming another user's folder, account or tag is 404; a malformed or overlong one is 400", async () => {
    const page = (list: string) => asAlice.get(`/messages/${alice.ids[0]!}?list=${encodeURIComponent(list)}`);
    expect((await page("sort=date")).status).toBe(200);
    expect((await page(`folder=${bob.box.folders.INBOX.id}`)).status).toBe(404);
    expect((await page(`account=${bob.box.account.id}`)).status).toBe(404);
    expect((await page("sort=sideways")).status).toBe(400);
    expect((await page("after=not-a-cursor")).status).toBe(400);
    expect((await page(`q=${"x".repeat(3000)}`)).status).toBe(400);
    // Bob's message with Alice's own list: still 404.
    expect((await asAlice.get(`/messages/${bob.ids[0]!}?list=sort%3Ddate`)).status).toBe(404);
  });

  test("neighbours and back link are written from the parsed list, never echoed", async () => {
    const html = await (await asAlice.get(`/messages/${alice.ids[0]!}?list=${encodeURIComponent('sort=date&x="><script>')}`)).text();
    expect(html).not.toContain("<script>");
    expect(html).toContain('id="list-back" href="/messages?sort=date"');
  });
});

describe("read on open", () => {
  test("a cross-site navigation, a frame or a prefetch marks nothing read; this site's own navigation does", async () => {
    const { user, ids } = await userWithMail();
    const as = client(app, { cookie: user.cookie });
    expect((await as.get(`/messages/${ids[0]!}`, { "Sec-Fetch-Site": "cross-site" })).status).toBe(200);
    expect(await journalOf(ids[0]!)).toEqual([]);
    await as.get(`/messages/${ids[0]!}`, { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "iframe" });
    await as.get(`/messages/${ids[0]!}`, { "Sec-Fetch-Site": "same-origin", "Sec-Purpose": "prefetch" });
    expect(await journalOf(ids[0]!)).toEqual([]);
    await as.get(`/messages/${ids[0]!}`, { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "document" });
    expect(await journalOf(ids[0]!)).toEqual(["mark_read"]);
    // Opened again while the first request is pending: asked for once.
    await as.get(`/messages/${ids[0]!}`, { "Sec-Fetch-Site": "none" });
    expect(await journalOf(ids[0]!)).toEqual(["mark_read"]);
  });

  test("just marked unread: opening it again keeps it unread", async () => {
    const { user, ids } = await userWithMail();
    await db.sql`insert into action_journal (user_id, account_id, message_id, action, state) select user_id, account_id, id, 'mark_unread', 'done' from messages where id = ${ids[1]!}`;
    await client(app, { cookie: user.cookie }).get(`/messages/${ids[1]!}`);
    expect(await journalOf(ids[1]!)).toEqual(["mark_unread"]);
  });

  test("the setting refuses anything but on or absent", async () => {
    expect((await asAlice.post("/account/reading", { readOnOpen: "maybe" })).status).toBe(400);
    expect((await asAlice.post("/account/reading", {})).status).toBe(200);
    expect((await db.sql`select read_on_open from users where id = ${alice.user.user.id}`)[0]!.read_on_open).toBe(false);
    expect((await db.sql`select read_on_open from users where id = ${bob.user.user.id}`)[0]!.read_on_open).toBe(true);
    expect((await asAlice.post("/account/reading", { readOnOpen: "on" })).status).toBe(200);
  });
});

describe("unsubscribe and always archive", () => {
  test("another user's message or sender is 404 and changes nothing; bad input is 400", async () => {
    expect((await asAlice.post(`/messages/${bob.ids[0]!}/unsubscribe`)).status).toBe(404);
    expect((await asAlice.post(`/messages/${alice.ids[0]!}/unsubscribe`, { back: "https://evil.example" })).status).toBe(400);
    // A message without List-Unsubscribe: answered in words, nothing to do.
    expect((await asAlice.post(`/messages/${alice.ids[0]!}/unsubscribe`)).status).toBe(200);

    const [bobSender] = await db.sql<{ key: string }[]>`select encode(sender_hash, 'hex') as key from sender_patterns where user_id = ${bob.user.user.id} limit 1`;
    expect(bobSender).toBeDefined();
    expect((await asAlice.post("/newsletters/always-archive", { sender: bobSender!.key, on: "yes" })).status).toBe(404);
    expect(await db.sql`select 1 from sender_patterns where always_archive`).toHaveLength(0);
    expect((await asAlice.post("/newsletters/always-archive", { sender: bobSender!.key, on: "maybe" })).status).toBe(400);
    expect((await asAlice.post("/newsletters/always-archive", { sender: "not-a-key", on: "yes" })).status).toBe(400);
    const [own] = await db.sql<{ key: string }[]>`select encode(sender_hash, 'hex') as key from sender_patterns where user_id = ${alice.user.user.id} limit 1`;
    const response = await asAlice.post("/newsletters/always-archive", { sender: own!.key, on: "yes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/newsletters?done=on");
  });
});
