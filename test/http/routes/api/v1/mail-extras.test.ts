/**
 * The mail resources the pages had and the JSON API lacked: the threads list,
 * newsletters, the waiting page's forms, snooze / spam / unsubscribe / VIP on
 * a message, and the recent actions journal. Each: the happy path, and
 * another user's id answers 404 (or a list shows none of another user's rows).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { processMessages } from "../../../../analysis/support.ts";
import { createTestMailbox, storeMails } from "../../../../search/fixtures.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const JSON_HEADERS = { "Content-Type": "application/json" };

async function userWithMail(mails: Parameters<typeof storeMails>[3]) {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const ids = await storeMails(services, user, box, mails);
  const api = client(app, { cookie: user.cookie }).json;
  const send = (method: string, path: string, body?: unknown) => api(path, { method, headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  return { user, box, ids, api, send };
}

const stranger = await userWithMail([{ subject: "Fremd" }]);

describe("GET /api/v1/threads", () => {
  test("lists the user's conversations newest first, 50 a page, with subject and participants; another user's are not in it", async () => {
    const mails = Array.from({ length: 52 }, (_, n) => ({ subject: `Gespräch ${n}`, date: new Date(Date.UTC(2026, 10, 1, 8, n)) }));
    const owner = await userWithMail(mails);
    const first = (await (await owner.api("/api/v1/threads")).json()) as {
      threads: { threadId: string; subject: string; participants: { address: string }[]; count: number }[];
      next: string | null;
      previous: string | null;
    };
    expect(first.threads).toHaveLength(50);
    expect(first.threads[0]).toMatchObject({ subject: "Gespräch 51", count: 1, participants: [{ address: "anna@example.org" }] });
    expect(first.next).not.toBeNull();
    const second = (await (await owner.api(`/api/v1/threads?after=${encodeURIComponent(first.next!)}`)).json()) as typeof first;
    expect(second.threads.map((thread) => thread.subject)).toEqual(["Gespräch 1", "Gespräch 0"]);
    expect(second.next).toBeNull();
    expect(first.previous).toBeNull();
    // Back from the second page: the first again, newest first.
    const back = (await (await owner.api(`/api/v1/threads?before=${encodeURIComponent(second.previous!)}`)).json()) as typeof first;
    expect(back.threads.map((thread) => thread.threadId)).toEqual(first.threads.map((thread) => thread.threadId));
    expect(back.previous).toBeNull();
    expect(back.next).toBe(first.next);
    expect((await owner.api(`/api/v1/threads?after=${encodeURIComponent(first.next!)}&before=${encodeURIComponent(first.next!)}`)).status).toBe(400);
    const strangers = (await (await stranger.api("/api/v1/threads")).json()) as typeof first;
    expect(strangers.threads.map((thread) => thread.subject)).toEqual(["Fremd"]);
    expect((await owner.api("/api/v1/threads?after=nonsense")).status).toBe(400);
  });
});

describe("/api/v1/newsletters", () => {
  test("lists newsletter senders; always-archive switches the user's own sender, another user's is 404", async () => {
    const headers = { "List-Unsubscribe": "<https://shop.example/u/abc>", "List-Id": "<news.shop.example>", Precedence: "bulk" };
    const owner = await userWithMail([1, 2].map((n) => ({ from: "Shop News <news@shop.example>", subject: `Angebote ${n}`, headers })));
    await processMessages(services, owner.ids);
    const { senders } = (await (await owner.api("/api/v1/newsletters")).json()) as { senders: { key: string; sender: string; messages: number; alwaysArchive: boolean }[] };
    expect(senders).toHaveLength(1);
    expect(senders[0]).toMatchObject({ sender: "news@shop.example", messages: 2, alwaysArchive: false });
    expect(((await (await stranger.api("/api/v1/newsletters")).json()) as { senders: unknown[] }).senders).toEqual([]);

    expect((await stranger.send("POST", "/api/v1/newsletters/always-archive", { sender: senders[0]!.key, on: true })).status).toBe(404);
    expect((await owner.send("POST", "/api/v1/newsletters/always-archive", { sender: "nope", on: true })).status).toBe(400);
    expect((await owner.send("POST", "/api/v1/newsletters/always-archive", { sender: senders[0]!.key, on: true })).status).toBe(204);
    const after = (await (await owner.api("/api/v1/newsletters")).json()) as { senders: { alwaysArchive: boolean }[] };
    expect(after.senders[0]!.alwaysArchive).toBe(true);
  });
});

describe("/api/v1/waiting", () => {
  test("settings read and change; remind snoozes, restore undoes a dismiss; another user's message is 404", async () => {
    const owner = await userWithMail([{ subject: "Angebot" }]);
    const messageId = owner.ids[0]!;
    expect(await (await owner.api("/api/v1/waiting/settings")).json()).toEqual({ days: 3 });
    expect(await (await owner.send("PUT", "/api/v1/waiting/settings", { days: 5 })).json()).toEqual({ days: 5 });
    expect((await owner.send("PUT", "/api/v1/waiting/settings", { days: 99 })).status).toBe(400);
    expect(await (await owner.api("/api/v1/waiting/settings")).json()).toEqual({ days: 5 });
    expect(await (await stranger.api("/api/v1/waiting/settings")).json()).toEqual({ days: 3 });

    expect((await stranger.send("POST", `/api/v1/waiting/${messageId}/remind`, { until: "tomorrow" })).status).toBe(404);
    expect((await owner.send("POST", `/api/v1/waiting/${messageId}/remind`, { until: "at", at: "2020-01-01T08:00:00Z" })).status).toBe(400);
    const reminded = await owner.send("POST", `/api/v1/waiting/${messageId}/remind`, { until: "at", at: "2099-01-02T08:00:00Z" });
    expect(reminded.status).toBe(200);
    expect(await reminded.json()).toMatchObject({ until: "2099-01-02T08:00:00.000Z" });
    expect((await db.sql`select snoozed_until from messages where id = ${messageId}`)[0]!.snoozed_until).toEqual(new Date("2099-01-02T08:00:00Z"));

    expect((await owner.send("POST", `/api/v1/waiting/${messageId}/dismiss`)).status).toBe(204);
    expect((await stranger.send("POST", `/api/v1/waiting/${messageId}/restore`)).status).toBe(404);
    expect(await db.sql`select 1 from waiting_dismissals where message_id = ${messageId}`).toHaveLength(1);
    expect((await owner.send("POST", `/api/v1/waiting/${messageId}/restore`)).status).toBe(204);
    expect(await db.sql`select 1 from waiting_dismissals where message_id = ${messageId}`).toHaveLength(0);
  });
});

describe("POST /api/v1/messages/{messageId}/snooze|spam|unsubscribe|vip", () => {
  test("each acts on the user's own message; another user's is 404 and changes nothing", async () => {
    const owner = await userWithMail([{ subject: "Rechnung", from: "Vera Wichtig <vera@example.org>" }]);
    await processMessages(services, owner.ids);
    const messageId = owner.ids[0]!;
    const path = (what: string) => `/api/v1/messages/${messageId}/${what}`;

    expect((await stranger.send("POST", path("snooze"), { until: "tomorrow" })).status).toBe(404);
    const snoozed = await owner.send("POST", path("snooze"), { until: "tomorrow" });
    expect(snoozed.status).toBe(200);
    const until = ((await snoozed.json()) as { until: string }).until;
    expect((await db.sql`select snoozed_until from messages where id = ${messageId}`)[0]!.snoozed_until).toEqual(new Date(until));
    expect(await (await owner.send("POST", path("snooze"), { until: "clear" })).json()).toMatchObject({ until: null });
    expect((await db.sql`select snoozed_until from messages where id = ${messageId}`)[0]!.snoozed_until).toBeNull();
    expect((await owner.send("POST", path("snooze"), { until: "at" })).status).toBe(400);

    expect((await stranger.send("POST", path("vip"), { vip: true })).status).toBe(404);
    expect(await (await owner.send("POST", path("vip"), { vip: true })).json()).toEqual({ vip: true, sender: "vera@example.org" });
    expect(await db.sql`select 1 from vip_senders where user_id = ${owner.user.user.id}`).toHaveLength(1);
    expect((await owner.send("POST", path("vip"), { vip: false })).status).toBe(200);
    expect(await db.sql`select 1 from vip_senders where user_id = ${owner.user.user.id}`).toHaveLength(0);

    // Without List-Unsubscribe: nothing to send, no ways offered.
    expect((await stranger.send("POST", path("unsubscribe"))).status).toBe(404);
    expect(await (await owner.send("POST", path("unsubscribe"))).json()).toEqual({ done: "offered", mailto: null, link: null, failed: null });

    expect((await stranger.send("POST", path("spam"), { spam: true })).status).toBe(404);
    expect(await db.sql`select 1 from action_journal where message_id = ${messageId}`).toHaveLength(0);
    const reported = await owner.send("POST", path("spam"), { spam: true });
    expect(reported.status).toBe(202);
    const { actionId } = (await reported.json()) as { actionId: string };
    expect((await db.sql`select action from action_journal where id = ${actionId} and message_id = ${messageId}`)[0]!.action).toBe("junk");
  });
});

describe("GET /api/v1/actions", () => {
  test("lists the user's journal newest first, keyset-paged, with state and undoable; another user's entries are not in it", async () => {
    const owner = await userWithMail([{ subject: "Rechnung" }]);
    const messageId = owner.ids[0]!;
    const inserted = await db.sql<{ id: string }[]>`
      insert into action_journal (user_id, account_id, message_id, action, params, before, state, created_at)
      select ${owner.user.user.id}, ${owner.box.account.id}, ${messageId}, 'flag', ${db.sql.json({ action: "flag" })}, ${db.sql.json([{ folderId: owner.box.folders.INBOX.id, flags: [] }])}, 'done',
             timestamp '2026-11-01 08:00:00' + make_interval(mins => n)
      from generate_series(0, 51) n returning id`;
    await db.sql`insert into action_journal (user_id, account_id, message_id, action) values (${stranger.user.user.id}, ${stranger.box.account.id}, ${stranger.ids[0]!}, 'mark_read')`;
    type Page = { actions: { id: string; action: string; state: string; subject: string | null; undoable: boolean; createdAt: string }[]; next: string | null; previous: string | null };
    const first = (await (await owner.api("/api/v1/actions")).json()) as Page;
    expect(first.actions).toHaveLength(50);
    expect(first.actions[0]).toMatchObject({ id: inserted.at(-1)!.id, action: "flag", state: "done", subject: "Rechnung", undoable: true });
    const second = (await (await owner.api(`/api/v1/actions?after=${encodeURIComponent(first.next!)}`)).json()) as Page;
    expect(second.actions.map((action) => action.id)).toEqual([inserted[1]!.id, inserted[0]!.id]);
    expect(second.next).toBeNull();
    const back = (await (await owner.api(`/api/v1/actions?before=${encodeURIComponent(second.previous!)}`)).json()) as Page;
    expect(back.actions.map((action) => action.id)).toEqual(first.actions.map((action) => action.id));
    expect(back.previous).toBeNull();
    expect(first.previous).toBeNull();
    // The single entry of the list has the shape GET /api/v1/actions/{actionId} answers.
    const single = await (await owner.api(`/api/v1/actions/${inserted[0]!.id}`)).json();
    expect(second.actions[1]).toMatchObject(single as object);
    const strangers = (await (await stranger.api("/api/v1/actions")).json()) as Page;
    expect(strangers.actions.map((action) => action.action)).toEqual(["mark_read"]);
    expect((await stranger.api(`/api/v1/actions/${inserted[0]!.id}`)).status).toBe(404);
  });
});
