/** The write-back API: request over HTTP, carried out by the job, state readable by its owner only. */
import { afterAll, describe, expect, test } from "bun:test";
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import type { ActionJson } from "../../src/http/routes/api/v1/message-actions.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();
const origin = { Origin: "http://127.0.0.1:3000", "Content-Type": "application/json" };

describe("POST /api/v1/messages/{id}/actions", () => {
  test("queues a journaled action that the job carries out", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "x@example.org", to: "me@example.org", subject: "s", body: "b" })]);
    await fixture.sync();
    const [message] = await db.sql`select id from messages where account_id = ${fixture.account.id}`;
    const api = client(app, { cookie: fixture.user.cookie });
    const response = await api.json(`/api/v1/messages/${message!.id}/actions`, { method: "POST", headers: origin, body: JSON.stringify({ action: "flag" }) });
    expect(response.status).toBe(202);
    const action = (await response.json()) as ActionJson;
    expect(action).toMatchObject({ messageId: message!.id, action: "flag", state: "pending" });
    const [job] = await db.sql`select task_identifier, queue_name from graphile_worker.jobs where task_identifier = 'apply_message_action'`;
    expect(job).toMatchObject({ queue_name: `actions:${fixture.account.id}` });

    await applyMessageAction(services, { journalId: action.id, userId: fixture.user.user.id, holder: "test" });
    const done = (await (await api.json(`/api/v1/actions/${action.id}`)).json()) as ActionJson;
    expect(done).toMatchObject({ state: "done", error: null });
    expect((await db.sql`select flagged from messages where id = ${message!.id}`)[0]!.flagged).toBe(true);

    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(`/api/v1/actions/${action.id}`)).status).toBe(404);
  });

  test("refuses an action without its keyword or target, and a folder of another account", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "x@example.org", to: "me@example.org", subject: "s", body: "b" })]);
    await fixture.sync();
    const [message] = await db.sql`select id from messages where account_id = ${fixture.account.id}`;
    const api = client(app, { cookie: fixture.user.cookie });
    const post = (body: unknown) => api.json(`/api/v1/messages/${message!.id}/actions`, { method: "POST", headers: origin, body: JSON.stringify(body) });
    expect((await post({ action: "add_keyword" })).status).toBe(400);
    expect((await post({ action: "add_keyword", keyword: "has space" })).status).toBe(400);
    expect((await post({ action: "move" })).status).toBe(400);
    expect((await post({ action: "explode" })).status).toBe(400);
    // The Snoozed folder moves follow a snooze and its wake; asked for alone they would park mail nothing brings back.
    expect((await post({ action: "snooze" })).status).toBe(400);
    expect((await post({ action: "unsnooze" })).status).toBe(400);
    expect(await db.sql`select 1 from action_journal where message_id = ${message!.id}`).toHaveLength(0);
    const other = await syncFixture(services);
    await other.sync();
    const [foreignFolder] = await db.sql`select id from folders where account_id = ${other.account.id} limit 1`;
    expect((await post({ action: "move", folderId: foreignFolder!.id })).status).toBe(404);
  });
});
