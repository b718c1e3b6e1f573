/** Write-back against the private Dovecot: the server changes, and the local copy follows the server's answer. */
import { afterAll, describe, expect, test } from "bun:test";
import { requestMessageAction } from "../../../src/mail/actions/request.ts";
import { openTestApp } from "../../support/test-app.ts";
import { actionHelpers, inFolder } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWithMessages, messageIdAt, run, serverFlags } = actionHelpers(db, services);

describe("write-back", () => {
  test("read, flag and keywords change the server and then the local copy", async () => {
    const fixture = await fixtureWithMessages(3);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect((await run(fixture, id, { action: "mark_read" })).state).toBe("done");
    expect((await run(fixture, id, { action: "flag" })).state).toBe("done");
    const keyword = await run(fixture, id, { action: "add_keyword", keyword: "$Erledigt" });
    expect(keyword.journal.before[0]!.flags).toEqual(["\\Flagged", "\\Seen"]);
    expect(keyword.journal.after[0]!.folderId).toBe(keyword.journal.before[0]!.folderId);
    const onServer = (await serverFlags(fixture, "INBOX")).get(1)!;
    expect(onServer).toEqual(expect.arrayContaining(["\\Seen", "\\Flagged", "$Erledigt"]));
    const [local] = await db.sql`select m.seen, m.flagged, c.flags from messages m join message_copies c on c.message_id = m.id where m.id = ${id}`;
    expect(local).toMatchObject({ seen: true, flagged: true });
    expect(local!.flags).toEqual(expect.arrayContaining(["$Erledigt"]));
    await run(fixture, id, { action: "mark_unread" });
    await run(fixture, id, { action: "remove_keyword", keyword: "$Erledigt" });
    expect((await serverFlags(fixture, "INBOX")).get(1)).toEqual(["\\Flagged"]);
    expect((await db.sql`select seen from messages where id = ${id}`)[0]!.seen).toBe(false);
  });

  test("move uses the UID the server answered with: same message, new copy, nothing fetched again", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 2))!;
    const [archive] = await db.sql`select id from folders where account_id = ${fixture.account.id} and path = 'Archive'`;
    expect((await run(fixture, id, { action: "move", folderId: archive!.id })).state).toBe("done");
    expect(await messageIdAt(fixture, "Archive", 1)).toBe(id);
    expect(await messageIdAt(fixture, "INBOX", 2)).toBeUndefined();
    expect([...(await serverFlags(fixture, "Archive")).keys()]).toEqual([1]);
    // The next sync agrees with what the action did: nothing new, nothing vanished.
    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0, fetched: 0 });
    expect(await messageIdAt(fixture, "Archive", 1)).toBe(id);
  });

  test("trash moves to the Trash folder; trashing there deletes only that UID", async () => {
    const fixture = await fixtureWithMessages(3);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const other = (await messageIdAt(fixture, "INBOX", 2))!;
    // Another message carries \Deleted: a plain EXPUNGE would take it too.
    await inFolder(fixture, "INBOX", (client) => client.messageFlagsAdd({ uid: "3" }, ["\\Deleted"], { uid: true }));

    expect((await run(fixture, id, { action: "trash" })).state).toBe("done");
    expect(await messageIdAt(fixture, "Trash", 1)).toBe(id);
    expect((await run(fixture, id, { action: "trash" })).state).toBe("done");
    expect(await db.sql`select 1 from messages where id = ${id}`).toHaveLength(0);
    expect((await serverFlags(fixture, "Trash")).size).toBe(0);
    // Delete in INBOX expunges just that UID: the \Deleted-marked message 3 is still there.
    expect((await run(fixture, other, { action: "delete" })).state).toBe("done");
    expect([...(await serverFlags(fixture, "INBOX")).keys()]).toEqual([3]);
  });

  test("a flag change on a message gone from the server drops the stale copy; trashing it then is refused", async () => {
    const fixture = await fixtureWithMessages(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await inFolder(fixture, "INBOX", (client) => client.messageDelete({ uid: "1" }, { uid: true }));
    const result = await run(fixture, id, { action: "mark_read" });
    expect(result.state).toBe("done"); // nothing to change: the copy is dropped locally
    expect(await db.sql`select 1 from message_copies where message_id = ${id}`).toHaveLength(0);
    const move = await requestMessageAction(db.sql, fixture.user.user.id, id, { action: "trash" });
    expect(move).toEqual({ ok: false, reason: "no_copy" });
  });

  test("another user's message is not found", async () => {
    const fixture = await fixtureWithMessages(1);
    const other = await fixtureWithMessages(1);
    const id = (await messageIdAt(other, "INBOX", 1))!;
    expect(await requestMessageAction(db.sql, fixture.user.user.id, id, { action: "mark_read" })).toEqual({ ok: false, reason: "not_found" });
  });
});
