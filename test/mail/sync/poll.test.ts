/**
 * The periodic full sync must not be starved by INBOX syncs: IDLE pushes
 * sync INBOX far more often than the poll interval, and mail in other
 * folders still has to arrive within it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { accountsDueForFullSync } from "../../../src/mail/sync/poll.ts";
import { dovecot, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, type SyncFixture } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

const isDue = async (fixture: SyncFixture) => (await accountsDueForFullSync(db.sql, services.config)).some((account) => account.id === fixture.account.id);

/** As if the last sync of every kind had started `minutes` ago. */
const age = (fixture: SyncFixture, minutes: number) =>
  db.sql`
    update mail_accounts set last_sync_started_at = now() - make_interval(mins => ${minutes}), last_full_sync_started_at = now() - make_interval(mins => ${minutes})
    where id = ${fixture.account.id}`;

describe("periodic full sync", () => {
  test("is due by the last full sync: INBOX syncs in between do not postpone it, and the other folders' mail then arrives", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "a@example.org", to: "me@example.org", subject: "eins", body: "1" })]);
    server.seedMaildir(fixture.box.user, "Archiv", [makeMessage({ from: "b@example.org", to: "me@example.org", subject: "zwei", body: "2" })]);
    expect(await isDue(fixture)).toBe(true); // never synced
    await fixture.sync("all");
    expect(await isDue(fixture)).toBe(false);

    const interval = services.config.SYNC_POLL_INTERVAL_MIN;
    await age(fixture, interval + 1);
    server.seedMaildir(fixture.box.user, "Archiv", [makeMessage({ from: "c@example.org", to: "me@example.org", subject: "drei", body: "3" })]);
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "d@example.org", to: "me@example.org", subject: "vier", body: "4" })]);
    expect(await fixture.sync("inbox")).toMatchObject({ status: "done", newMessages: 1 }); // an IDLE push
    expect(await isDue(fixture)).toBe(true);

    expect(await fixture.sync("all")).toMatchObject({ status: "done", newMessages: 1 });
    expect(await isDue(fixture)).toBe(false);
  });

  test("skips disabled accounts and those whose password was refused", async () => {
    const fixture = await syncFixture(services);
    await age(fixture, services.config.SYNC_POLL_INTERVAL_MIN + 1);
    expect(await isDue(fixture)).toBe(true);
    await db.sql`update mail_accounts set status = 'auth_failed' where id = ${fixture.account.id}`;
    expect(await isDue(fixture)).toBe(false);
    await db.sql`update mail_accounts set status = 'ok', enabled = false where id = ${fixture.account.id}`;
    expect(await isDue(fixture)).toBe(false);
  });
});
