/** Folders of an account (counts, roles, the sync switch) and a thread over the API; another user's ids answer 404. */
import { afterAll, describe, expect, test } from "bun:test";
import type { FolderListJson } from "../../../../../src/http/routes/api/v1/folders-schemas.ts";
import type { ThreadJson } from "../../../../../src/http/routes/api/v1/threads-schemas.ts";
import { createTestMailbox, storeMails } from "../../../../search/fixtures.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const JSON_HEADERS = { "Content-Type": "application/json" };

describe("/api/v1/accounts/{accountId}/folders", () => {
  test("lists the folders with role, sync choice and counts; PATCH leaves a folder out of sync", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    await storeMails(services, user, box, [{ subject: "Eins", flags: ["\\Seen"] }, { subject: "Zwei" }, { subject: "Drei" }]);
    await storeMails(services, user, box, [{ subject: "Alt" }], "Archive");
    const api = client(app, { cookie: user.cookie }).json;

    const list = (await (await api(`/api/v1/accounts/${box.account.id}/folders`)).json()) as FolderListJson;
    const byPath = Object.fromEntries(list.folders.map((folder) => [folder.path, folder]));
    expect(list.folders[0]!.path).toBe("INBOX");
    expect(byPath.INBOX).toMatchObject({ specialUse: "inbox", selected: true, localMessages: 3, unread: 2 });
    expect(byPath.Archive).toMatchObject({ specialUse: "archive", localMessages: 1, unread: 1 });
    expect(byPath.Trash).toMatchObject({ localMessages: 0, unread: 0 });

    const path = `/api/v1/accounts/${box.account.id}/folders/${box.folders.Archive.id}`;
    const off = await api(path, { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ selected: false }) });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id: box.folders.Archive.id, selected: false, localMessages: 1 });
    expect((await db.sql`select selected from folders where id = ${box.folders.Archive.id}`)[0]!.selected).toBe(false);
    expect((await api(path, { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ selected: "no" }) })).status).toBe(400);

    const stranger = await createTestUser(services);
    const foreign = client(app, { cookie: stranger.cookie }).json;
    expect((await foreign(`/api/v1/accounts/${box.account.id}/folders`)).status).toBe(404);
    expect((await foreign(path, { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ selected: true }) })).status).toBe(404);
    expect((await db.sql`select selected from folders where id = ${box.folders.Archive.id}`)[0]!.selected).toBe(false);
    // A folder of another account of the same user's is not in this one.
    const other = await createTestMailbox(services, user, "Other");
    expect((await api(`/api/v1/accounts/${box.account.id}/folders/${other.folders.INBOX.id}`, { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ selected: false }) })).status).toBe(404);
  });
});

describe("PUT /api/v1/accounts/{accountId}/enabled", () => {
  test("switches the account off and on again, queueing a catch-up sync; another user's account is 404", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const api = client(app, { cookie: user.cookie }).json;
    const path = `/api/v1/accounts/${box.account.id}/enabled`;
    const off = await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ enabled: false }) });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id: box.account.id, enabled: false });
    expect(await db.sql`select 1 from graphile_worker.jobs where queue_name = ${`account:${box.account.id}`}`).toHaveLength(0);

    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ enabled: true }) })).status).toBe(404);
    expect((await db.sql`select enabled from mail_accounts where id = ${box.account.id}`)[0]!.enabled).toBe(false);
    expect((await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({}) })).status).toBe(400);

    const on = await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ enabled: true }) });
    expect(await on.json()).toMatchObject({ enabled: true });
    expect([...(await db.sql`select task_identifier from graphile_worker.jobs where queue_name = ${`account:${box.account.id}`}`)]).toEqual([{ task_identifier: "sync_account" }]);
  });
});

describe("GET /api/v1/threads/{threadId}", () => {
  test("answers the conversation oldest first with each message's text; bad cursor 400, another user's 404", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const [first] = await storeMails(services, user, box, [{ subject: "Termin", body: "Passt Dienstag?", date: new Date("2026-12-01T09:00:00Z"), headers: { "Message-ID": "<t1@example.org>" } }]);
    await storeMails(services, user, box, [
      {
        subject: "Re: Termin",
        body: "Ja, Dienstag passt.\n\n> Passt Dienstag?",
        date: new Date("2026-12-01T10:00:00Z"),
        headers: { "Message-ID": "<t2@example.org>", "In-Reply-To": "<t1@example.org>" },
      },
    ]);
    const [row] = await db.sql`select thread_id from messages where id = ${first!}`;
    const api = client(app, { cookie: user.cookie }).json;
    const response = await api(`/api/v1/threads/${row!.thread_id}`);
    expect(response.status).toBe(200);
    const thread = (await response.json()) as ThreadJson;
    expect(thread.messages.map((message) => message.subject)).toEqual(["Termin", "Re: Termin"]);
    expect(thread.next).toBeNull();
    expect(thread.messages[1]!.text).toEqual([
      { text: expect.stringContaining("Ja, Dienstag passt."), quoted: false },
      { text: expect.stringContaining("> Passt Dienstag?"), quoted: true },
    ]);

    expect((await api(`/api/v1/threads/${row!.thread_id}?after=nonsense`)).status).toBe(400);
    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(`/api/v1/threads/${row!.thread_id}`)).status).toBe(404);
  });
});
