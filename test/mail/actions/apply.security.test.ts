/**
 * A destructive action never touches a copy whose UID is not this message on
 * the server. A sync bug once pointed many UIDs at one bogus message, and
 * deleting it expunged a hundred real ones; here a local copy row is made to
 * point at the wrong UID the same way.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { openTestApp } from "../../support/test-app.ts";
import type { SyncFixture } from "../sync/fixtures.ts";
import { actionHelpers, messageWithoutId } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWith, fixtureWithMessages, messageIdAt, run, serverUids, queuedJobs } = actionHelpers(db, services);

/** Makes the copy at INBOX `uid` belong to message `messageId`, as the sync bug did. */
async function misattribute(fixture: SyncFixture, uid: number, messageId: string) {
  await db.sql`
    update message_copies c set message_id = ${messageId} from folders f
    where f.id = c.folder_id and f.account_id = ${fixture.account.id} and f.path = 'INBOX' and c.uid = ${uid}`;
}

describe("write-back checks each copy's identity on the server", () => {
  test("delete does not expunge a copy whose UID is another message; the wrong copy is dropped and a sync asked for", async () => {
    const fixture = await fixtureWithMessages(3);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await misattribute(fixture, 2, id);
    await misattribute(fixture, 3, id);
    const syncs = await queuedJobs("sync_account");

    const { state, journal } = await run(fixture, id, { action: "delete" });
    expect(state).toBe("failed");
    expect(journal.error).toContain("UID 2 in INBOX, UID 3 in INBOX is a different message on the server");
    expect(await serverUids(fixture, "INBOX")).toEqual([1, 2, 3]);
    expect(journal.after.map((copy) => copy.uid)).toEqual([1]);
    expect(await queuedJobs("sync_account")).toBeGreaterThan(syncs);

    // The sync links UIDs 2 and 3 to their own messages again (nothing new), and the delete then removes only UID 1.
    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0 });
    const relinked = [await messageIdAt(fixture, "INBOX", 2), await messageIdAt(fixture, "INBOX", 3)];
    expect(relinked.every((other) => other !== undefined && other !== id)).toBe(true);
    expect((await run(fixture, id, { action: "delete" })).state).toBe("done");
    expect(await serverUids(fixture, "INBOX")).toEqual([2, 3]);
  });

  test("trash does not move a message whose only copy points at another message's UID", async () => {
    const fixture = await fixtureWithMessages(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const other = (await messageIdAt(fixture, "INBOX", 2))!;
    await db.sql`delete from message_copies where message_id = ${id}`;
    await misattribute(fixture, 2, id);

    const { state, journal } = await run(fixture, id, { action: "trash" });
    expect(state).toBe("failed");
    expect(journal.error).toContain("UID 2 in INBOX is a different message");
    expect(await serverUids(fixture, "INBOX")).toEqual([1, 2]);
    expect(await serverUids(fixture, "Trash")).toEqual([]);
    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0 });
    expect(await messageIdAt(fixture, "INBOX", 2)).toBe(other);
  });

  test("messages without Message-ID are told apart by their bytes, as far as the account's fetch cap reads them", async () => {
    // Identity was hashed over the capped bytes at sync; the check must read the same bytes.
    const fixture = await fixtureWith(
      [1, 2, 3].map((i) => messageWithoutId(`no id ${i}`, `body ${i} `.repeat(200))),
      { maxMessageBytes: 1000 },
    );
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await misattribute(fixture, 2, id);

    expect((await run(fixture, id, { action: "delete" })).state).toBe("failed");
    expect(await serverUids(fixture, "INBOX")).toEqual([1, 2, 3]);
    expect((await run(fixture, id, { action: "delete" })).state).toBe("done");
    expect(await serverUids(fixture, "INBOX")).toEqual([2, 3]);
  });
});
