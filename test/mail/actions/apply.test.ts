/** Write-back against the private Dovecot: the server changes, and the local copy follows the server's answer. */
import { afterAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { applyMessageAction } from "../../../src/mail/actions/apply.ts";
import { requestMessageAction, type ActionRequest } from "../../../src/mail/actions/request.ts";
import { dovecot, imapFlowOptions, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, type SyncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

async function fixtureWithMessages(count: number) {
  const fixture = await syncFixture(services);
  server.seedMaildir(
    fixture.box.user,
    "INBOX",
    Array.from({ length: count }, (_, i) => makeMessage({ from: "x@example.org", to: "me@example.org", subject: `m${i}`, body: `b${i}`, messageId: `<act${i}@example.org>` })),
  );
  await fixture.sync();
  return fixture;
}

const messageIdAt = async (fixture: SyncFixture, path: string, uid: number) =>
  (await db.sql`select c.message_id from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${fixture.account.id} and f.path = ${path} and c.uid = ${uid}`)[0]?.message_id as string | undefined;

async function run(fixture: SyncFixture, messageId: string, request: ActionRequest) {
  const requested = await requestMessageAction(db.sql, fixture.user.user.id, messageId, request);
  if (!requested.ok) throw new Error(requested.reason);
  const state = await applyMessageAction(services, { journalId: requested.journalId, userId: fixture.user.user.id, holder: "test" });
  const [journal] = await db.sql`select state, error, before, after from action_journal where id = ${requested.journalId}`;
  return { state, journal: journal! };
}

async function serverFlags(fixture: SyncFixture, path: string) {
  const client = new ImapFlow(imapFlowOptions(fixture.box));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(path);
    try {
      return new Map((await client.fetchAll("1:*", { uid: true, flags: true })).map((message) => [message.uid, [...(message.flags ?? [])]]));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe("write-back", () => {
  test("read, flag and keywords change the server and then the local copy", async () => {
    const fixture = await fixtureWithMessages(3);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    expect((await run(fixture, id, { action: "mark_read" })).state).toBe("done");
    expect((await run(fixture, id, { action: "flag" })).state).toBe("done");
    const keyword = await run(fixture, id, { action: "add_keyword", keyword: "$Erledigt" });
    expect(keyword.journal.before[0].flags).toEqual(["\\Flagged", "\\Seen"]);
    expect(keyword.journal.after[0].folderId).toBe(keyword.journal.before[0].folderId);
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
    const client = new ImapFlow(imapFlowOptions(fixture.box));
    await client.connect();
    await client.mailboxOpen("INBOX");
    await client.messageFlagsAdd({ uid: "3" }, ["\\Deleted"], { uid: true });
    await client.logout();

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
    const client = new ImapFlow(imapFlowOptions(fixture.box));
    await client.connect();
    await client.mailboxOpen("INBOX");
    await client.messageDelete({ uid: "1" }, { uid: true });
    await client.logout();
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
