/**
 * Bulk actions and done/undone over the API: the list's bulk action set,
 * server changes reaching Dovecot through the journal and undone as one
 * batch, done/undone here at once, validation, and another user's ids.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { BulkActionResultJson } from "../../../../../src/http/routes/api/v1/bulk-actions-schemas.ts";
import { actionHelpers } from "../../../../mail/actions/fixtures.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWithMessages, messageIdAt, apply, serverFlags } = actionHelpers(db, services);
const JSON_HEADERS = { "Content-Type": "application/json" };

const post = (cookie: string, path: string, body: unknown) => client(app, { cookie }).json(path, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });

describe("POST /api/v1/messages/bulk-actions", () => {
  test("flags messages on the server as one batch, which one undo puts back", async () => {
    const fixture = await fixtureWithMessages(2);
    const ids = [(await messageIdAt(fixture, "INBOX", 1))!, (await messageIdAt(fixture, "INBOX", 2))!];
    const response = await post(fixture.user.cookie, "/api/v1/messages/bulk-actions", { action: "flag", messageIds: [...ids, crypto.randomUUID()] });
    expect(response.status).toBe(200);
    const result = (await response.json()) as BulkActionResultJson;
    expect(result).toMatchObject({ action: "flag", changed: 2, skipped: 1 });
    expect(result.undoActionId).toBeString();

    const entries = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and action = 'flag' order by created_at`;
    expect(entries).toHaveLength(2);
    for (const entry of entries) await apply(fixture, entry.id);
    expect([...(await serverFlags(fixture, "INBOX")).values()].every((flags) => flags.includes("\\Flagged"))).toBe(true);

    const undo = await post(fixture.user.cookie, `/api/v1/actions/${result.undoActionId}/undo`, {});
    expect(undo.status).toBe(202);
    expect(((await undo.json()) as { undone: number }).undone).toBe(2);
    const inverse = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and action = 'unflag'`;
    for (const entry of inverse) await apply(fixture, entry.id);
    expect([...(await serverFlags(fixture, "INBOX")).values()].some((flags) => flags.includes("\\Flagged"))).toBe(false);
  });

  test("done and undone change here at once; nothing goes to the server", async () => {
    const fixture = await fixtureWithMessages(2);
    const ids = [(await messageIdAt(fixture, "INBOX", 1))!, (await messageIdAt(fixture, "INBOX", 2))!];
    const done = (await (await post(fixture.user.cookie, "/api/v1/messages/bulk-actions", { action: "done", messageIds: ids })).json()) as BulkActionResultJson;
    expect(done).toEqual({ action: "done", changed: 2, skipped: 0, undoActionId: null });
    expect((await db.sql`select count(*)::int as n from messages where id = any(${ids}::uuid[]) and done_at is not null`)[0]!.n).toBe(2);
    const undone = (await (await post(fixture.user.cookie, "/api/v1/messages/bulk-actions", { action: "undone", messageIds: ids })).json()) as BulkActionResultJson;
    expect(undone).toMatchObject({ changed: 2, undoActionId: null });
    expect(await db.sql`select 1 from action_journal where user_id = ${fixture.user.user.id}`).toHaveLength(0);
  });

  test("refuses bad input with 400 and another user's ids with 404, changing nothing", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const cookie = fixture.user.cookie;
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "explode", messageIds: [id] })).status).toBe(400);
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "read", messageIds: [] })).status).toBe(400);
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "read", messageIds: ["not-a-uuid"] })).status).toBe(400);
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "read", messageIds: Array.from({ length: 501 }, () => crypto.randomUUID()) })).status).toBe(400);
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "move", messageIds: [id] })).status).toBe(400);
    expect((await post(cookie, "/api/v1/messages/bulk-actions", { action: "snooze", messageIds: [id], until: "2001-01-01T00:00:00Z" })).status).toBe(400);

    const stranger = await createTestUser(services);
    const foreign = await post(stranger.cookie, "/api/v1/messages/bulk-actions", { action: "trash", messageIds: [id] });
    expect(foreign.status).toBe(404);
    expect((await post(stranger.cookie, "/api/v1/messages/bulk-actions", { action: "done", messageIds: [id] })).status).toBe(404);
    expect(await db.sql`select 1 from action_journal where message_id = ${id}`).toHaveLength(0);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).toBeNull();
  });
});

describe("/api/v1/messages/{messageId}/done", () => {
  test("marks done and reopens; another user's id is 404", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const api = client(app, { cookie: fixture.user.cookie }).json;
    const done = await api(`/api/v1/messages/${id}/done`, { method: "POST", headers: JSON_HEADERS });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ done: true, undoActionId: null });
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).not.toBeNull();

    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(`/api/v1/messages/${id}/done`, { method: "DELETE", headers: JSON_HEADERS })).status).toBe(404);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).not.toBeNull();

    const reopened = await api(`/api/v1/messages/${id}/done`, { method: "DELETE", headers: JSON_HEADERS });
    expect(reopened.status).toBe(200);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).toBeNull();
  });

  test("archives on the server too when the user chose “done also archives”", async () => {
    const fixture = await fixtureWithMessages(1);
    await db.sql`update users set done_archives = true where id = ${fixture.user.user.id}`;
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const done = (await (await client(app, { cookie: fixture.user.cookie }).json(`/api/v1/messages/${id}/done`, { method: "POST", headers: JSON_HEADERS })).json()) as { undoActionId: string };
    expect(done.undoActionId).toBeString();
    await apply(fixture, done.undoActionId);
    expect((await serverFlags(fixture, "INBOX")).size).toBe(0);
    expect((await serverFlags(fixture, "Archive")).size).toBe(1);
  });
});
