/**
 * A full resync with nothing changed: one LIST-STATUS tells every folder's
 * state, so no folder is selected or STATUSed on its own; a change another
 * client made in any folder (a flag, a new message) is still picked up.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { dovecot, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, withClient } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

/** Counts the per-folder IMAP commands sync issues (STATUS, SELECT/EXAMINE) while `work` runs, through the real client. */
async function countingFolderCommands<T>(work: () => Promise<T>): Promise<{ result: T; status: number; select: number }> {
  const prototype = ImapFlow.prototype as unknown as Record<"status" | "getMailboxLock", (...args: unknown[]) => Promise<unknown>>;
  const original = { status: prototype.status, getMailboxLock: prototype.getMailboxLock };
  const counts = { status: 0, select: 0 };
  prototype.status = function (this: unknown, ...args: unknown[]) {
    counts.status += 1;
    return original.status.apply(this, args);
  };
  prototype.getMailboxLock = function (this: unknown, ...args: unknown[]) {
    counts.select += 1;
    return original.getMailboxLock.apply(this, args);
  };
  try {
    return { result: await work(), ...counts };
  } finally {
    Object.assign(prototype, original);
  }
}

const seed = (subject: string, count: number) =>
  Array.from({ length: count }, (_, i) => makeMessage({ from: "x@example.org", to: "me@example.org", subject: `${subject}${i}`, body: `b${i}`, messageId: `<${subject}${i}@example.org>` }));

describe("resync of all folders", () => {
  test("with no change selects and STATUSes no folder, yet sees another client's flag and message in a folder other than INBOX", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", seed("inbox", 5));
    server.seedMaildir(fixture.box.user, "Archive", seed("archive", 5));
    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 10 });

    const quiet = await countingFolderCommands(() => fixture.sync());
    expect(quiet.result).toMatchObject({ status: "done", folders: 6, fetched: 0, flagChanges: 0 });
    expect({ status: quiet.status, select: quiet.select }).toEqual({ status: 0, select: 0 });
    const synced = await db.sql<{ path: string; lastSyncedAt: Date }[]>`
      select path, last_synced_at as "lastSyncedAt" from folders where account_id = ${fixture.account.id} and selected`;
    expect(synced.every((folder) => folder.lastSyncedAt !== null)).toBe(true);

    await withClient(fixture, async (client) => {
      const lock = await client.getMailboxLock("Archive");
      try {
        await client.messageFlagsAdd({ uid: "2" }, ["\\Flagged"], { uid: true });
      } finally {
        lock.release();
      }
    });
    const flagged = await countingFolderCommands(() => fixture.sync());
    expect(flagged.result).toMatchObject({ status: "done", flagChanges: 1, fetched: 0 });
    // Only the changed folder is opened.
    expect(flagged.select).toBe(1);
    const [archived] = await db.sql<{ flagged: boolean }[]>`
      select m.flagged from messages m join message_copies c on c.message_id = m.id join folders f on f.id = c.folder_id
      where f.account_id = ${fixture.account.id} and f.path = 'Archive' and c.uid = 2`;
    expect(archived?.flagged).toBe(true);

    await withClient(fixture, (client) => client.append("Archive", seed("late", 1)[0]!));
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 1, newMessages: 1 });
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0, flagChanges: 0 });
  });

  test("INBOX only still skips an unchanged INBOX and leaves other folders alone", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", seed("only", 3));
    await fixture.sync();
    const quiet = await countingFolderCommands(() => fixture.sync("inbox"));
    expect(quiet.result).toMatchObject({ status: "done", folders: 1, fetched: 0 });
    expect(quiet.select).toBe(0);
  });
});
