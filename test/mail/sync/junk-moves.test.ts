/**
 * Moving mail into or out of Junk in another mail client is a spam
 * correction, seen by the next full sync and counted once per move.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readAnalysis } from "../../../src/analysis/analysis-store.ts";
import { dovecot } from "../../support/dovecot.ts";
import { makeMessage } from "../../support/messages.ts";
import { openTestApp } from "../../support/test-app.ts";
import { processMessages } from "../../analysis/support.ts";
import { syncFixture, withClient, type SyncFixture } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

const invoice = makeMessage({
  from: "Buchhaltung <rechnung@lieferant.example>",
  to: "me@example.org",
  subject: "Rechnung 2026-114",
  body: "Guten Tag,\n\nanbei die Rechnung für November.\n\nViele Grüße\nBuchhaltung",
});

async function analysed(fixture: SyncFixture) {
  const ids = (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id);
  await processMessages(services, ids);
  return ids;
}

const spamOf = async (fixture: SyncFixture, id: string) => (await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, id))!.analysis.spam;
const spamCorrections = (id: string) => db.sql`select old_value, new_value from corrections where message_id = ${id} and field = 'spam' order by created_at`;
const move = (fixture: SyncFixture, from: string, to: string) =>
  withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock(from);
    try {
      await client.messageMove("1:*", to);
    } finally {
      lock.release();
    }
  });

describe("Junk moves in another mail client", () => {
  test("into Junk is a spam correction, out of Junk a not-spam one, each counted once", async () => {
    const fixture = await syncFixture(services, { server });
    server.seedMaildir(fixture.box.user, "INBOX", [invoice]);
    await fixture.sync();
    const [id] = await analysed(fixture);
    expect((await spamOf(fixture, id!)).value).toBe(false);

    await move(fixture, "INBOX", "Junk");
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 1 });
    expect(await spamOf(fixture, id!)).toMatchObject({ value: true, reason: { code: "user_correction" } });
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 0 });
    expect([...(await spamCorrections(id!))]).toEqual([{ old_value: "false", new_value: "true" }]);

    await move(fixture, "Junk", "INBOX");
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 1 });
    expect((await spamOf(fixture, id!)).value).toBe(false);
    expect([...(await spamCorrections(id!))]).toEqual([
      { old_value: "false", new_value: "true" },
      { old_value: "true", new_value: "false" },
    ]);
  });

  test("mail that arrives in Junk is the server's verdict, not the user's correction; deleting it there is no correction either", async () => {
    const fixture = await syncFixture(services, { server });
    server.seedMaildir(fixture.box.user, "Junk", [invoice]);
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 0 });
    const [id] = await analysed(fixture);
    expect(await spamOf(fixture, id!)).toMatchObject({ value: true });
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 0 });

    await withClient(fixture, async (client) => {
      const lock = await client.getMailboxLock("Junk");
      try {
        await client.messageDelete("1:*");
      } finally {
        lock.release();
      }
    });
    expect(await fixture.sync()).toMatchObject({ status: "done", junkMoves: 0 });
    expect(await spamCorrections(id!)).toHaveLength(0);
  });
});
