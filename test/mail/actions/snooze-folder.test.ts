/**
 * Snoozed mail parked in the Snoozed folder against the private Dovecot:
 * the user's setting, the move there and back through the journal, undo,
 * the return job, an unreachable account at return, and another client
 * taking the message out of the folder.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { listMessages } from "../../../src/inbox/list.ts";
import { parseListQuery } from "../../../src/inbox/list-query.ts";
import { applyMessageAction } from "../../../src/mail/actions/apply.ts";
import { returnSnoozed, snoozeMessages } from "../../../src/mail/actions/snooze.ts";
import { undoAction } from "../../../src/mail/actions/undo.ts";
import { openTestApp } from "../../support/test-app.ts";
import type { SyncFixture } from "../sync/fixtures.ts";
import { withClient } from "../sync/fixtures.ts";
import { actionHelpers, inFolder } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWithMessages, messageIdAt, folderId, request, apply, serverUids } = actionHelpers(db, services);

const tomorrow = () => new Date(Date.now() + 86_400_000);

async function pending(fixture: SyncFixture) {
  return [
    ...(await db.sql<{ id: string; action: string; params: Record<string, string> }[]>`
    select id, action, params from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at`),
  ];
}

/** Applies every pending journal entry of the user, oldest first, as the worker would. */
async function applyPending(fixture: SyncFixture): Promise<string[]> {
  const states: string[] = [];
  for (const { id } of await pending(fixture)) states.push(await apply(fixture, id));
  return states;
}

async function fixtureSnoozingToFolder(count: number) {
  const fixture = await fixtureWithMessages(count);
  await db.sql`update users set snooze_moves = true where id = ${fixture.user.user.id}`;
  return fixture;
}

const serverFolders = (fixture: SyncFixture) => withClient(fixture, async (client) => (await client.list()).map((folder) => folder.path));

const state = async (id: string) => (await db.sql<{ snoozed: boolean; parked: boolean }[]>`select snoozed_until is not null as snoozed, snooze_moved as parked from messages where id = ${id}`)[0]!;

const openList = async (fixture: SyncFixture) => (await listMessages(db.sql, fixture.user.dataKey, fixture.user.user.id, parseListQuery({}))).messages.map((message) => message.id);

/** The snooze's time has come. */
const timeIsUp = (id: string) => db.sql`update messages set snoozed_until = now() - interval '1 second' where id = ${id}`;

describe("snooze with the Snoozed folder chosen", () => {
  test("moves the copy to a Snoozed folder created on the server; the return job moves it back to INBOX and lists it again", async () => {
    const fixture = await fixtureSnoozingToFolder(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect(await serverFolders(fixture)).not.toContain("Snoozed");

    const snoozed = await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    expect(snoozed).toEqual({ owned: 1, journalId: expect.any(String) });
    expect((await pending(fixture)).map((entry) => entry.action)).toEqual(["snooze"]);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Snoozed")).toEqual([1]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2]);
    expect(await messageIdAt(fixture, "Snoozed", 1)).toBe(id);
    expect((await db.sql`select chosen_role from folders where account_id = ${fixture.account.id} and path = 'Snoozed'`)[0]!.chosen_role).toBe("snoozed");
    expect(await state(id)).toEqual({ snoozed: true, parked: true });
    expect(await openList(fixture)).not.toContain(id);
    // The journal holds where it came from.
    const [entry] = await db.sql<{ before: { path: string }[] }[]>`select before from action_journal where id = ${snoozed.journalId!}`;
    expect(entry!.before.map((copy) => copy.path)).toEqual(["INBOX"]);

    await timeIsUp(id);
    expect(await returnSnoozed(db.sql)).toBeGreaterThanOrEqual(1);
    // Back in the list at once, before the server has moved it.
    expect(await openList(fixture)).toContain(id);
    const back = await pending(fixture);
    expect(back.map((entry) => [entry.action, entry.params.folderId])).toEqual([["unsnooze", await folderId(fixture, "INBOX")]]);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Snoozed")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2, 3]);
    expect(await messageIdAt(fixture, "INBOX", 3)).toBe(id);
    expect(await state(id)).toEqual({ snoozed: false, parked: false });
    expect(await openList(fixture)).toContain(id);
    // A full sync afterwards finds everything where it is: nothing woken, nothing asked for again.
    expect(await fixture.sync()).toMatchObject({ status: "done", snoozeReturns: 0 });
    expect(await pending(fixture)).toEqual([]);
  });

  test("a message snoozed from another folder goes back to that folder", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await withClient(fixture, (client) => client.mailboxCreate("Projekte"));
    await fixture.sync();
    const projects = await folderId(fixture, "Projekte");
    await db.sql`update folders set selected = true where id = ${projects}`;
    expect(await apply(fixture, await request(fixture, id, { action: "move", folderId: projects }))).toBe("done");
    expect(await serverUids(fixture, "Projekte")).toEqual([1]);

    await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    expect(await serverUids(fixture, "Snoozed")).toEqual([1]);
    await snoozeMessages(db.sql, fixture.user.user.id, [id], null);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Projekte")).toEqual([2]);
    expect(await serverUids(fixture, "INBOX")).toEqual([]);
  });

  test("undo wakes it and moves it back on the server; a second undo has nothing left", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const { journalId } = await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    expect(await serverUids(fixture, "Snoozed")).toEqual([1]);

    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, journalId!)).toEqual({ ok: true, undone: 1 });
    expect((await state(id)).snoozed).toBe(false);
    expect((await pending(fixture)).map((entry) => entry.action)).toEqual(["unsnooze"]);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Snoozed")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2]);
    expect(await state(id)).toEqual({ snoozed: false, parked: false });
    expect(await openList(fixture)).toContain(id);
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, journalId!)).toEqual({ ok: false, reason: "nothing_to_undo" });
  });

  test("woken before the server was reached, the snooze moves nothing", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await snoozeMessages(db.sql, fixture.user.user.id, [id], null);
    expect(await applyPending(fixture)).toEqual(["failed"]);
    expect(await serverUids(fixture, "INBOX")).toEqual([1]);
    expect(await state(id)).toEqual({ snoozed: false, parked: false });
  });

  test("snoozing a parked message again moves nothing; it still goes back to where it first came from", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    expect(await snoozeMessages(db.sql, fixture.user.user.id, [id], new Date(Date.now() + 2 * 86_400_000))).toEqual({ owned: 1, journalId: null });
    expect(await pending(fixture)).toEqual([]);
    await timeIsUp(id);
    await returnSnoozed(db.sql);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2]);
  });

  test("an unreachable account at return: the message is back here at once, and the move back follows when the server answers", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    const [account] = await db.sql<{ port: number }[]>`select imap_port as port from mail_accounts where id = ${fixture.account.id}`;
    // A closed port: the connection is refused, which the write-back retries.
    await db.sql`update mail_accounts set imap_port = 1 where id = ${fixture.account.id}`;

    await timeIsUp(id);
    await returnSnoozed(db.sql);
    expect(await openList(fixture)).toContain(id);
    const [back] = await pending(fixture);
    await expect(apply(fixture, back!.id)).rejects.toThrow();
    expect((await pending(fixture)).map((entry) => entry.id)).toEqual([back!.id]);
    // The write-back gives up at last: the message stays marked as parked, and the next full sync asks again.
    expect(await applyMessageAction(services, { journalId: back!.id, userId: fixture.user.user.id, holder: "test", finalAttempt: true })).toBe("failed");
    expect(await state(id)).toEqual({ snoozed: false, parked: true });
    expect(await serverUids(fixture, "Snoozed")).toEqual([1]);

    await db.sql`update mail_accounts set imap_port = ${account!.port} where id = ${fixture.account.id}`;
    expect(await fixture.sync()).toMatchObject({ status: "done", snoozeReturns: 0 });
    expect((await pending(fixture)).map((entry) => entry.action)).toEqual(["unsnooze"]);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Snoozed")).toEqual([]);
    expect(await messageIdAt(fixture, "INBOX", 2)).toBe(id);
    expect(await state(id)).toEqual({ snoozed: false, parked: false });
  });
});

describe("another mail client", () => {
  test("taking the message out of the Snoozed folder wakes it at the next full sync, with nothing moved", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    await inFolder(fixture, "Snoozed", (client) => client.messageMove("1:*", "INBOX", { uid: true }));

    expect(await fixture.sync()).toMatchObject({ status: "done", snoozeReturns: 1 });
    expect(await state(id)).toEqual({ snoozed: false, parked: false });
    expect(await messageIdAt(fixture, "INBOX", 2)).toBe(id);
    expect(await openList(fixture)).toContain(id);
    expect(await pending(fixture)).toEqual([]);
  });
});

describe("setting off and other users", () => {
  test("with the setting off a snooze and its return change nothing on the server", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect(await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow())).toEqual({ owned: 1, journalId: null });
    expect(await openList(fixture)).not.toContain(id);
    await timeIsUp(id);
    await returnSnoozed(db.sql);
    expect(await openList(fixture)).toContain(id);
    expect(await db.sql`select 1 from action_journal where user_id = ${fixture.user.user.id}`).toHaveLength(0);
    expect(await serverUids(fixture, "INBOX")).toEqual([1]);
    expect(await serverFolders(fixture)).not.toContain("Snoozed");
  });

  test("another user's message id snoozes, wakes and undoes nothing", async () => {
    const fixture = await fixtureSnoozingToFolder(1);
    const stranger = await fixtureSnoozingToFolder(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect(await snoozeMessages(db.sql, stranger.user.user.id, [id], tomorrow())).toEqual({ owned: 0, journalId: null });
    expect(await state(id)).toEqual({ snoozed: false, parked: false });

    const { journalId } = await snoozeMessages(db.sql, fixture.user.user.id, [id], tomorrow());
    await applyPending(fixture);
    expect(await snoozeMessages(db.sql, stranger.user.user.id, [id], null)).toEqual({ owned: 0, journalId: null });
    expect(await undoAction(db.sql, stranger.user.dataKey, stranger.user.user.id, journalId!)).toEqual({ ok: false, reason: "not_found" });
    expect(await state(id)).toEqual({ snoozed: true, parked: true });
    expect(await db.sql`select 1 from action_journal where user_id = ${stranger.user.user.id}`).toHaveLength(0);
    expect(await serverUids(fixture, "Snoozed")).toEqual([1]);
  });
});
