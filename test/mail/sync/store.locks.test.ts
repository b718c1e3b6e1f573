/**
 * storeBatch and saving an analysis, at once, for the same user: no deadlock.
 *
 * The dashboard counters (migrations/0012) are guarded by a per-user advisory
 * lock that the analyses triggers take before updating counter rows. A batch
 * that inserted new messages (which updates the "not analysed" counter row
 * without that lock) and then cleared a reseeded message's orphaned_at (whose
 * trigger takes the lock) took the two in the other order: with an analysis
 * saved in between, each waited for the other (40P01). The paused case holds
 * the batch (a trigger on its copies' insert) after its new messages, long
 * enough for the analysis to start: before the fix it deadlocked on every
 * run. The free-running case is the same race left to chance (it failed on
 * its first rounds before the fix, on a 2-core machine).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage } from "../../../src/analysis/analyse-message.ts";
import { parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { identityKeys } from "../../../src/mail/message-identity.ts";
import { storeBatch, type FetchedMessage, type StoreTarget } from "../../../src/mail/sync/store.ts";
import { makeMessage } from "../../support/messages.ts";
import { openTestApp } from "../../support/test-app.ts";
import { createTestUser } from "../../support/users.ts";
import { waitFor } from "../../support/wait.ts";
import { createTestMailbox } from "../../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

/** UIDVALIDITY from which the copies' trigger below pauses the batch. */
const PAUSED_UIDVALIDITY = 1_000_000;
const PAUSE_SECONDS = 0.5;

const owner = await createTestUser(services);
const box = await createTestMailbox(services, owner);
const target = (uidvalidity: number): StoreTarget => ({
  userId: owner.user.id,
  accountId: box.account.id,
  folderId: box.folders.INBOX.id,
  uidvalidity: BigInt(uidvalidity),
  dataKey: owner.dataKey,
  identity: identityKeys(owner.dataKey),
});

async function fetched(uid: number, subject: string): Promise<FetchedMessage> {
  const raw = makeMessage({ from: "Anna Schmidt <anna@example.org>", to: "me@example.org", subject, body: `Hallo,\n\n${subject}.\n` });
  return { uid, flags: [], modseq: null, internalDate: new Date(), size: raw.length, parsed: await parseMessage(new TextEncoder().encode(raw)) };
}

async function idOf(uidvalidity: number, uid: number): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`select message_id as id from message_copies where folder_id = ${box.folders.INBOX.id} and uidvalidity = ${uidvalidity} and uid = ${uid}`;
  return row!.id;
}

/** A message whose copies vanished (orphaned), an unanalysed one to analyse, and a new one for the batch. */
async function round(n: number) {
  const reseeded = await fetched(1, `Wiedergefunden ${n}`);
  const toAnalyse = await fetched(2, `Zu analysieren ${n}`);
  await storeBatch(services.sql, target(n), [reseeded, toAnalyse]);
  const [reseededId, analyseId] = [await idOf(n, 1), await idOf(n, 2)];
  await db.sql`update messages set orphaned_at = now() where id = ${reseededId}`;
  // The reseed: the orphaned message's copy under a new UIDVALIDITY, with a message new to the account.
  const batch = [reseeded, await fetched(2, `Neu ${n}`)];
  const analyse = () => analyseNewMessage({ sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id }, analyseId);
  return { batch, analyse, reseededId };
}

describe("storeBatch with analyses being saved", () => {
  test("paused between its new messages and clearing orphaned_at, it does not deadlock", async () => {
    await db.sql.unsafe(`
      create function pause_copies() returns trigger language plpgsql as $$ begin perform pg_sleep(${PAUSE_SECONDS}); return new; end $$;
      create trigger pause_copies before insert on message_copies for each row when (new.uidvalidity >= ${PAUSED_UIDVALIDITY})
        execute function pause_copies();`);
    try {
      for (let n = 1; n <= 3; n++) {
        const { batch, analyse, reseededId } = await round(n);
        const storing = storeBatch(services.sql, target(PAUSED_UIDVALIDITY + n), batch);
        await waitFor(async () => (await db.sql`select 1 from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`).length > 0, {
          intervalMs: 5,
          what: "the batch to pause",
        });
        const [stored, analysed] = await Promise.all([storing, analyse()]);
        expect(stored).toEqual({ newMessages: 1, newCopies: 2 });
        expect(analysed).toBe("analysed");
        expect((await db.sql`select orphaned_at from messages where id = ${reseededId}`)[0]!.orphaned_at).toBeNull();
      }
    } finally {
      await db.sql.unsafe(`drop trigger pause_copies on message_copies; drop function pause_copies();`);
    }
  });

  test("run together many times, neither fails", async () => {
    for (let n = 100; n < 130; n++) {
      const { batch, analyse } = await round(n);
      const [stored, analysed] = await Promise.all([storeBatch(services.sql, target(n + 1000), batch), analyse()]);
      expect(stored.newMessages).toBe(1);
      expect(analysed).toBe("analysed");
    }
  });

  test("the dashboard counters equal a count of the messages afterwards", async () => {
    const counted = await db.sql`select sum(n)::int as n from dashboard_counts where user_id = ${owner.user.id}`;
    const actual = await db.sql`select count(*)::int as n from messages where user_id = ${owner.user.id} and orphaned_at is null`;
    expect(counted[0]!.n).toBe(actual[0]!.n);
  });
});
