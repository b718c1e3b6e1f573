/**
 * Write-back when the mailbox changed first (another client, a concurrent
 * sync): the journal records what the server really did, and the local
 * state follows the server, not the request.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { applyMessageAction } from "../../../src/mail/actions/apply.ts";
import { openTestApp } from "../../support/test-app.ts";
import { actionHelpers, inFolder } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWithMessages, messageIdAt, folderId, request, apply, journal, run, serverUids, queuedJobs } = actionHelpers(db, services);

const messageRow = async (id: string) => (await db.sql`select orphaned_at from messages where id = ${id}`)[0];
const copiesOf = async (id: string) => [...(await db.sql`select f.path, c.uid::int as uid from message_copies c join folders f on f.id = c.folder_id where c.message_id = ${id}`)];

describe("write-back after the mailbox changed", () => {
  test("a move of a message another client expunged fails, and no ghost of it stays listed", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await inFolder(fixture, "INBOX", (client) => client.messageDelete({ uid: "1" }, { uid: true }));
    const syncs = await queuedJobs("sync_account");

    const { state, journal } = await run(fixture, id, { action: "move", folderId: await folderId(fixture, "Archive") });
    expect(state).toBe("failed");
    expect(journal.error).toContain("no longer in INBOX");
    expect(journal.after).toEqual([]);
    // Like sync after an expunge: no copy, orphaned (so not listed or counted), and a sync asked for.
    expect(await copiesOf(id)).toHaveLength(0);
    expect((await messageRow(id))!.orphaned_at).not.toBeNull();
    expect(await queuedJobs("sync_account")).toBeGreaterThan(syncs);
    expect(await serverUids(fixture, "Archive")).toEqual([]);
  });

  test("a delete of a message another client moved waits for the sync, then deletes it where it is; it is never imported again", async () => {
    const fixture = await fixtureWithMessages(3);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await inFolder(fixture, "INBOX", (client) => client.messageMove({ uid: "1" }, "Archive", { uid: true }));
    const analyses = await queuedJobs("process_message");

    const journalId = await request(fixture, id, { action: "delete" });
    // Nothing was expunged, so nothing is reported: the job is retried after the sync it asked for.
    await expect(apply(fixture, journalId)).rejects.toThrow("no longer in INBOX");
    expect((await journal(journalId)).state).toBe("pending");
    expect(await serverUids(fixture, "Archive")).toEqual([1]);

    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0 });
    expect(await copiesOf(id)).toEqual([{ path: "Archive", uid: 1 }]);
    expect(await apply(fixture, journalId)).toBe("done");
    expect(await serverUids(fixture, "Archive")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toEqual([2, 3]);
    expect(await messageRow(id)).toBeUndefined();
    expect((await journal(journalId)).after).toEqual([]);

    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0, fetched: 0 });
    expect(await db.sql`select 1 from messages where account_id = ${fixture.account.id}`).toHaveLength(2);
    expect(await queuedJobs("process_message")).toBe(analyses);
  });

  test("a delete of a message gone from every folder fails truthfully once the sync has looked", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 2))!;
    await inFolder(fixture, "INBOX", (client) => client.messageDelete({ uid: "2" }, { uid: true }));
    const journalId = await request(fixture, id, { action: "delete" });
    await expect(apply(fixture, journalId)).rejects.toThrow();
    await fixture.sync();
    expect(await apply(fixture, journalId)).toBe("failed");
    expect(await journal(journalId)).toMatchObject({ state: "failed", error: "the message is no longer on the server", after: [] });
    expect(await serverUids(fixture, "INBOX")).toEqual([1]);
  });

  test("a move whose local copy a concurrent sync removed is done when the server moved it, and the target copy is there", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 2))!;
    const archive = await folderId(fixture, "Archive");
    const journalId = await request(fixture, id, { action: "move", folderId: archive });
    // What a sync running at that moment leaves behind: no copy, orphaned.
    await db.sql`delete from message_copies where message_id = ${id}`;
    await db.sql`update messages set orphaned_at = now() where id = ${id}`;

    expect(await apply(fixture, journalId)).toBe("done");
    expect(await serverUids(fixture, "Archive")).toEqual([1]);
    expect(await serverUids(fixture, "INBOX")).toEqual([1]);
    expect(await copiesOf(id)).toEqual([{ path: "Archive", uid: 1 }]);
    expect((await messageRow(id))!.orphaned_at).toBeNull();
    expect((await journal(journalId)).after).toMatchObject([{ folderId: archive, path: "Archive", uid: 1 }]);
  });

  test("trash of a message another client already moved to the Trash is done without deleting it", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await inFolder(fixture, "INBOX", (client) => client.messageMove({ uid: "1" }, "Trash", { uid: true }));
    const journalId = await request(fixture, id, { action: "trash" });
    await expect(apply(fixture, journalId)).rejects.toThrow("no longer in INBOX");
    await fixture.sync();
    expect(await apply(fixture, journalId)).toBe("done");
    expect(await serverUids(fixture, "Trash")).toEqual([1]);
    expect(await copiesOf(id)).toEqual([{ path: "Trash", uid: 1 }]);
  });

  test("on the job's last attempt a message still not found is recorded as failed, not left pending", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await inFolder(fixture, "INBOX", (client) => client.messageMove({ uid: "1" }, "Archive", { uid: true }));
    const journalId = await request(fixture, id, { action: "delete" });
    const state = await applyMessageAction(services, { journalId, userId: fixture.user.user.id, holder: "test", finalAttempt: true });
    expect(state).toBe("failed");
    expect((await journal(journalId)).error).toContain("no sync found it in time");
    expect(await serverUids(fixture, "Archive")).toEqual([1]);
  });
});
