/**
 * A mailbox that another client changes while and between syncs: flag
 * changes reported in the middle of a FETCH, folders renamed and deleted,
 * and the repair of copies an earlier defect pointed at an empty message.
 * The local copy must end equal to the server, nothing analysed twice.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptText } from "../../../src/crypto/aead.ts";
import { makeMessage, startDovecot } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { syncFixture, withClient, type SyncFixture } from "./fixtures.ts";

const { db, services } = await openTestApp();
// A server of its own: the long sync below must not share Dovecot's processes with other files' tests.
const server = await startDovecot();
afterAll(async () => {
  await server.stop();
  await db.drop();
});

const seed = (fixture: SyncFixture, folder: string, count: number, prefix: string, bodyRepeat = 1) =>
  server.seedMaildir(
    fixture.box.user,
    folder,
    Array.from({ length: count }, (_, i) =>
      makeMessage({ from: `s${i}@example.org`, to: "me@example.org", subject: `${prefix} ${i}`, body: `Inhalt ${prefix} ${i} `.repeat(bodyRepeat), messageId: `<${prefix}${i}@example.org>` }),
    ),
  );

/** Each copy of a folder as UID → the Message-ID of the message it points at. */
async function copiesOf(fixture: SyncFixture, path: string): Promise<Map<number, string>> {
  const rows = await db.sql<{ uid: number; id: string; headers: Uint8Array }[]>`
    select c.uid::int as uid, m.id, m.headers_encrypted as headers
    from message_copies c join folders f on f.id = c.folder_id join messages m on m.id = c.message_id
    where f.account_id = ${fixture.account.id} and f.path = ${path}`;
  const owner = fixture.user.user.id;
  return new Map(rows.map((row) => [row.uid, JSON.parse(decryptText(fixture.user.dataKey, row.headers, { owner, purpose: `message-headers:${row.id}` })).messageId as string]));
}

const accountCounts = async (fixture: SyncFixture) =>
  (
    await db.sql<{ messages: number; visible: number; empty: number; jobs: number }[]>`
      select count(*)::int as messages, count(*) filter (where orphaned_at is null)::int as visible, count(*) filter (where size = 0)::int as empty,
             (select count(*)::int from graphile_worker.jobs j where j.task_identifier = 'process_message'
                and j.key in (select 'process:' || id from messages where account_id = ${fixture.account.id})) as jobs
      from messages where account_id = ${fixture.account.id}`
  )[0]!;

describe("flag changes by another client during a fetch", () => {
  test("are applied as flag updates, never stored as messages: every UID keeps its own message", async () => {
    const MESSAGES = 2500;
    const fixture = await syncFixture(services, { server });
    seed(fixture, "INBOX", MESSAGES, "live", 40);

    const syncing = fixture.sync();
    // Newest first in batches: once the first batch is stored, the oldest 100 UIDs are still to come.
    const progress = () => db.sql<{ fetched: number; total: number }[]>`select fetched, total from sync_progress where account_id = ${fixture.account.id}`;
    await waitFor(async () => ((await progress())[0]?.fetched ?? 0) > 0, { timeoutMs: 60_000, what: "the first batch" });
    await withClient(fixture, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageFlagsAdd({ uid: "1:100" }, ["\\Flagged"], { uid: true });
      } finally {
        lock.release();
      }
    });
    const [during] = await progress();
    if (during!.fetched >= during!.total) throw new Error("the sync ended before the other client's change; the mailbox must be larger for this test to mean anything");
    expect(await syncing).toMatchObject({ status: "done", newMessages: MESSAGES });

    const copies = await copiesOf(fixture, "INBOX");
    expect(copies.size).toBe(MESSAGES);
    for (let uid = 1; uid <= MESSAGES; uid++) expect(copies.get(uid)).toBe(`live${uid - 1}@example.org`);
    expect(await accountCounts(fixture)).toEqual({ messages: MESSAGES, visible: MESSAGES, empty: 0, jobs: MESSAGES });
    const [flagged] = await db.sql`select count(*)::int as n from messages where account_id = ${fixture.account.id} and flagged`;
    expect(flagged!.n).toBe(100);
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0 });
  });
});

describe("repair of copies that point at an empty message", () => {
  test("migration 0020 drops the empty message and the next sync fetches the real ones, analysing only those", async () => {
    const fixture = await syncFixture(services, { server });
    seed(fixture, "INBOX", 30, "heal");
    await fixture.sync();

    // The damage the defect left: UIDs 1-10 point at one empty message, their real messages were never stored.
    const columns = await db.sql<{ name: string }[]>`
      select column_name as name from information_schema.columns
      where table_name = 'messages' and is_generated = 'NEVER' and column_name not in ('id', 'size', 'content_hash', 'message_id_hash')`;
    const list = columns.map((column) => `"${column.name}"`).join(", ");
    const [template] = await db.sql`
      select c.message_id as id from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${fixture.account.id} and c.uid = 11`;
    const [empty] = await db.sql.unsafe(
      `insert into messages (id, size, content_hash, message_id_hash, ${list})
       select gen_random_uuid(), 0, '\\x00', '\\x01', ${list} from messages where id = $1 returning id`,
      [template!.id],
    );
    const lost = await db.sql`
      update message_copies c set message_id = ${empty!.id} from folders f
      where f.id = c.folder_id and f.account_id = ${fixture.account.id} and c.uid <= 10 returning c.uid`;
    expect(lost).toHaveLength(10);
    await db.sql`delete from messages m where account_id = ${fixture.account.id} and not exists (select 1 from message_copies c where c.message_id = m.id)`;
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0 }); // the damage is invisible to a sync by itself

    const jobsBefore = (await accountCounts(fixture)).jobs;
    await db.sql.unsafe(readFileSync(join(import.meta.dir, "../../../migrations/0020_repair_empty_copies.sql"), "utf8"));
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 10, newMessages: 10 });
    const copies = await copiesOf(fixture, "INBOX");
    for (let uid = 1; uid <= 30; uid++) expect(copies.get(uid)).toBe(`heal${uid - 1}@example.org`);
    const after = await accountCounts(fixture);
    expect(after).toMatchObject({ messages: 30, visible: 30, empty: 0 });
    expect(after.jobs - jobsBefore).toBe(10);
  });
});

describe("folders renamed and deleted by another client", () => {
  test("a renamed folder's messages move to the new name without being analysed again; a deleted folder's messages go", async () => {
    const fixture = await syncFixture(services, { server });
    seed(fixture, "INBOX", 5, "inbox");
    seed(fixture, "Projekte", 30, "projekt");
    seed(fixture, "Alt", 20, "alt");
    await fixture.sync();
    const before = await accountCounts(fixture);
    expect(before).toMatchObject({ messages: 55, visible: 55, jobs: 55 });
    const idsBefore = await db.sql`select id from messages where account_id = ${fixture.account.id} order by id`;

    await withClient(fixture, async (client) => {
      await client.mailboxRename("Projekte", "Projekte 2026");
      await client.mailboxDelete("Alt");
    });
    await fixture.sync();
    expect((await copiesOf(fixture, "Projekte")).size).toBe(0);
    expect((await copiesOf(fixture, "Alt")).size).toBe(0);
    const renamed = await copiesOf(fixture, "Projekte 2026");
    expect([...renamed.values()].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `projekt${i}@example.org`).sort());
    // The deleted folder's messages are hidden at once and purged by the next full sync; nothing is analysed again.
    expect(await accountCounts(fixture)).toEqual({ messages: 55, visible: 35, empty: 0, jobs: 55 });
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0, purged: 20 });
    expect(await accountCounts(fixture)).toEqual({ messages: 35, visible: 35, empty: 0, jobs: 35 });
    const idsAfter = new Set((await db.sql`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id));
    expect(idsBefore.filter((row) => idsAfter.has(row.id))).toHaveLength(35);

    // A folder that comes back under its old name starts over and finds its messages again.
    await withClient(fixture, (client) => client.mailboxRename("Projekte 2026", "Projekte"));
    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 0 });
    expect((await copiesOf(fixture, "Projekte")).size).toBe(30);
    expect(await accountCounts(fixture)).toEqual({ messages: 35, visible: 35, empty: 0, jobs: 35 });
  });
});
