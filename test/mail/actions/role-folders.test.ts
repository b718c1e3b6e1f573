/**
 * Archive, spam reports and undo against the private Dovecot: the role
 * folders on the server (created when missing), the analysis taught in the
 * same step, and undo putting back what the journal recorded before.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readAnalysis } from "../../../src/analysis/analysis-store.ts";
import { requestBulkAction } from "../../../src/mail/actions/bulk.ts";
import { finishMessages } from "../../../src/mail/actions/done.ts";
import { reportSpam } from "../../../src/mail/actions/spam-report.ts";
import { undoAction } from "../../../src/mail/actions/undo.ts";
import { openTestApp } from "../../support/test-app.ts";
import { processMessages } from "../../analysis/support.ts";
import type { SyncFixture } from "../sync/fixtures.ts";
import { actionHelpers } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWithMessages, messageIdAt, run, apply, serverUids } = actionHelpers(db, services);

/** Applies every pending journal entry of the user, oldest first, as the worker would. */
async function applyPending(fixture: SyncFixture): Promise<string[]> {
  const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at`;
  const states: string[] = [];
  for (const { id } of pending) states.push(await apply(fixture, id));
  return states;
}

const spamOf = async (fixture: SyncFixture, id: string) => (await readAnalysis(db.sql, fixture.user.dataKey, fixture.user.user.id, id))!.analysis.spam.value;

describe("archive", () => {
  test("moves to the account's Archive folder on the server; undo moves it back", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const archived = await run(fixture, id, { action: "archive" });
    expect(archived.state).toBe("done");
    expect(await serverUids(fixture, "Archive")).toEqual([1]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2]);

    const [entry] = await db.sql<{ id: string }[]>`select id from action_journal where message_id = ${id} and action = 'archive'`;
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, entry!.id)).toEqual({ ok: true, undone: 1 });
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2, 3]);
    expect(await messageIdAt(fixture, "INBOX", 3)).toBe(id);
    // Undone once: a second click has nothing left to undo.
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, entry!.id)).toEqual({ ok: false, reason: "nothing_to_undo" });
  });

  test("without an Archive folder of the account, one named Archive is created on the server and kept in that role", async () => {
    const fixture = await fixtureWithMessages(1);
    // The test Dovecot makes its special-use folders itself whenever they are listed, so a server without one is
    // simulated here: the account's folder list says nothing about an archive (and the sync must not run before the action).
    await db.sql`update folders set special_use = null where account_id = ${fixture.account.id} and special_use = 'archive'`;
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect((await run(fixture, id, { action: "archive" })).state).toBe("done");
    expect(await serverUids(fixture, "Archive")).toEqual([1]);
    const [folder] = await db.sql`select chosen_role, exists_on_server from folders where account_id = ${fixture.account.id} and path = 'Archive'`;
    expect(folder).toEqual({ chosen_role: "archive", exists_on_server: true });
    await fixture.sync();
    expect(await messageIdAt(fixture, "Archive", 1)).toBe(id);
    expect((await db.sql`select chosen_role from folders where account_id = ${fixture.account.id} and path = 'Archive'`)[0]!.chosen_role).toBe("archive");
  });
});

describe("spam reports", () => {
  test('"Spam melden" teaches the analyser and moves to Junk in one step; "Kein Spam" moves back and teaches the opposite', async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await processMessages(services, [id]);
    expect(await spamOf(fixture, id)).toBe(false);

    const reported = await reportSpam(db.sql, fixture.user.dataKey, fixture.user.user.id, id, true);
    expect(reported.ok).toBe(true);
    expect(await spamOf(fixture, id)).toBe(true);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Junk")).toEqual([1]);
    // The full sync that sees it in Junk finds the analysis already corrected: nothing counted twice.
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 0 });

    expect((await reportSpam(db.sql, fixture.user.dataKey, fixture.user.user.id, id, false)).ok).toBe(true);
    expect(await spamOf(fixture, id)).toBe(false);
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Junk")).toEqual([]);
    expect(await messageIdAt(fixture, "INBOX", 2)).toBe(id);
    expect([...(await db.sql`select new_value from corrections where message_id = ${id} and field = 'spam' order by created_at`)].map((row) => row.new_value)).toEqual(["true", "false"]);
  });

  test("undoing a spam report moves the message back and takes the verdict back", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await processMessages(services, [id]);
    const reported = await reportSpam(db.sql, fixture.user.dataKey, fixture.user.user.id, id, true);
    await applyPending(fixture);
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, reported.ok ? reported.journalId! : "")).toEqual({ ok: true, undone: 1 });
    await applyPending(fixture);
    expect(await serverUids(fixture, "INBOX")).toEqual([2]);
    expect(await spamOf(fixture, id)).toBe(false);
  });

  test("another user's message is not found and changes nothing", async () => {
    const fixture = await fixtureWithMessages(1);
    const stranger = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect(await reportSpam(db.sql, stranger.user.dataKey, stranger.user.user.id, id, true)).toEqual({ ok: false, reason: "not_found" });
    expect(await db.sql`select 1 from action_journal where message_id = ${id}`).toHaveLength(0);
  });
});

describe("undo", () => {
  test("a bulk action is undone as a whole; flags return to what they were", async () => {
    const fixture = await fixtureWithMessages(3);
    const ids = await Promise.all([1, 2, 3].map((uid) => messageIdAt(fixture, "INBOX", uid)));
    // The first was read before: undoing "mark read" must not make it unread.
    await run(fixture, ids[0]!, { action: "mark_read" });
    await requestBulkAction(db.sql, fixture.user.user.id, ids as string[], { action: "mark_read" });
    await applyPending(fixture);
    const [one] = await db.sql<{ id: string }[]>`select id from action_journal where message_id = ${ids[2]!} and action = 'mark_read'`;
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, one!.id)).toEqual({ ok: true, undone: 3 });
    await applyPending(fixture);
    const seen = await db.sql<{ id: string; seen: boolean }[]>`select id, seen from messages where id = any(${ids as string[]}::uuid[])`;
    expect(Object.fromEntries(seen.map((row) => [row.id, row.seen]))).toEqual({ [ids[0]!]: true, [ids[1]!]: false, [ids[2]!]: false });
  });

  test("delete cannot be undone; another user's entry is not found", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await run(fixture, id, { action: "delete" });
    const [entry] = await db.sql<{ id: string }[]>`select id from action_journal where action = 'delete' and user_id = ${fixture.user.user.id}`;
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, entry!.id)).toEqual({ ok: false, reason: "nothing_to_undo" });
    const stranger = await fixtureWithMessages(1);
    expect(await undoAction(db.sql, stranger.user.dataKey, stranger.user.user.id, entry!.id)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("done", () => {
  test("archives on the server too when the user chose so, and only then", async () => {
    const fixture = await fixtureWithMessages(2);
    const [first, second] = [(await messageIdAt(fixture, "INBOX", 1))!, (await messageIdAt(fixture, "INBOX", 2))!];
    expect(await finishMessages(db.sql, fixture.user.user.id, [first])).toEqual({ changed: 1, owned: 1, archiveBatch: null, archiveJournalId: null });
    expect(await db.sql`select 1 from action_journal where user_id = ${fixture.user.user.id}`).toHaveLength(0);

    await db.sql`update users set done_archives = true where id = ${fixture.user.user.id}`;
    const finished = await finishMessages(db.sql, fixture.user.user.id, [second]);
    expect(finished).toMatchObject({ changed: 1, owned: 1, archiveBatch: expect.any(String) });
    expect(await applyPending(fixture)).toEqual(["done"]);
    expect(await serverUids(fixture, "Archive")).toEqual([1]);
    expect(await messageIdAt(fixture, "Archive", 1)).toBe(second);
  });
});
