/** Initial and incremental sync against the private Dovecot, with a second IMAP client changing things. */
import { afterAll, describe, expect, test } from "bun:test";
import { decryptText } from "../../../src/crypto/aead.ts";
import { parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { dovecot, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, withClient, type SyncFixture } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

interface MessageRow {
  id: string;
  thread_id: string;
  seen: boolean;
  flagged: boolean;
  process_count: number;
  orphaned_at: Date | null;
  headers_encrypted: Uint8Array;
  text_encrypted: Uint8Array;
  copies: string[] | null;
}

async function messageRows(fixture: SyncFixture) {
  return await db.sql<MessageRow[]>`
    select m.id, m.thread_id, m.seen, m.flagged, m.process_count, m.orphaned_at, m.headers_encrypted, m.text_encrypted,
           array_agg(f.path || ':' || c.uid order by f.path) filter (where c.id is not null) as copies
    from messages m left join message_copies c on c.message_id = m.id left join folders f on f.id = c.folder_id
    where m.account_id = ${fixture.account.id} group by m.id`;
}

const headersOf = (fixture: SyncFixture, row: { id: string; headers_encrypted: Uint8Array }) =>
  JSON.parse(decryptText(fixture.user.dataKey, row.headers_encrypted, { owner: fixture.user.user.id, purpose: `message-headers:${row.id}` }));

const processJobs = async () => (await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'process_message'`)[0]!.n as number;

describe("initial sync", () => {
  test("stores every message once, encrypted, equal to a direct parse, with copies, threads and one process job each", async () => {
    const fixture = await syncFixture(services);
    const jobsBefore = await processJobs();
    const inbox = Array.from({ length: 600 }, (_, i) =>
      makeMessage({
        from: `Sender ${i} <s${i}@example.org>`,
        to: "me@example.org",
        subject: `Nachricht ${i} – Grüße`,
        body: `Text ${i}\nZeile zwei`,
        messageId: `<m${i}@example.org>`,
        date: new Date(Date.UTC(2026, 0, 1, 0, i)),
      }),
    );
    const original = makeMessage({ from: "a@example.org", to: "me@example.org", subject: "Projekt", body: "Anfang", messageId: "<root@example.org>" });
    const reply = makeMessage({
      from: "b@example.org",
      to: "me@example.org",
      subject: "Re: Projekt",
      body: "Antwort",
      messageId: "<reply@example.org>",
      headers: { "In-Reply-To": "<root@example.org>", References: "<root@example.org>" },
    });
    server.seedMaildir(fixture.box.user, "INBOX", [...inbox.map((raw, i) => ({ raw, flags: i % 3 === 0 ? "S" : "" })), reply]);
    server.seedMaildir(fixture.box.user, "Archive", [original]);

    const outcome = await fixture.sync();
    expect(outcome).toMatchObject({ status: "done", fetched: 602, newMessages: 602 });
    const rows = await messageRows(fixture);
    expect(rows).toHaveLength(602);
    expect(await processJobs()).toBe(jobsBefore + 602);

    const sample = rows.find((row) => headersOf(fixture, row).messageId === "m42@example.org")!;
    const direct = await parseMessage(Buffer.from(inbox[42]!));
    expect(headersOf(fixture, sample)).toMatchObject({ subject: direct.subject, from: direct.from, to: direct.to, messageId: direct.messageId });
    expect(decryptText(fixture.user.dataKey, sample.text_encrypted, { owner: fixture.user.user.id, purpose: `message-text:${sample.id}` })).toBe(direct.text);
    expect(sample.seen).toBe(true);
    // Ciphertext only: the subject is not readable in the row.
    expect(Buffer.from(sample.headers_encrypted).toString("latin1")).not.toContain("Nachricht 42");

    const byMid = new Map(rows.map((row) => [headersOf(fixture, row).messageId, row]));
    expect(byMid.get("reply@example.org")!.thread_id).toBe(byMid.get("root@example.org")!.thread_id);
    expect(byMid.get("m1@example.org")!.thread_id).not.toBe(byMid.get("m2@example.org")!.thread_id);

    const [inboxFolder] = await db.sql`select uidvalidity, uidnext, message_count, initial_done from folders where account_id = ${fixture.account.id} and path = 'INBOX'`;
    expect(inboxFolder).toMatchObject({ uidnext: "602", message_count: 601, initial_done: true });
    const [progress] = await db.sql`select phase, fetched, total, folders_done, folders_total from sync_progress where account_id = ${fixture.account.id}`;
    expect(progress).toMatchObject({ phase: "done", fetched: 602, total: 602 });
    expect(progress!.folders_done).toBe(progress!.folders_total);
  });

  test("a resync with no change on the server fetches nothing", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(
      fixture.box.user,
      "INBOX",
      Array.from({ length: 30 }, (_, i) => makeMessage({ from: "x@example.org", to: "me@example.org", subject: `s${i}`, body: "b" })),
    );
    await fixture.sync();
    const again = await fixture.sync();
    expect(again).toMatchObject({ status: "done", fetched: 0, newMessages: 0, vanished: 0, flagChanges: 0 });
  });
});

describe("incremental sync after changes by another client", () => {
  test("append, flags, keyword, move, expunge and a UIDVALIDITY reset: nothing duplicated, nothing analysed twice", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(
      fixture.box.user,
      "INBOX",
      Array.from({ length: 20 }, (_, i) => makeMessage({ from: "x@example.org", to: "me@example.org", subject: `m${i}`, body: `b${i}`, messageId: `<inc${i}@example.org>` })),
    );
    await fixture.sync();
    const jobs = await processJobs();
    const mid = (row: { id: string; headers_encrypted: Uint8Array }) => headersOf(fixture, row).messageId as string;
    const idOf = async (messageId: string) => (await messageRows(fixture)).find((row) => mid(row) === messageId)!;

    // Append, flag, keyword, move one, expunge one.
    await withClient(fixture, async (client) => {
      await client.append("INBOX", makeMessage({ from: "new@example.org", to: "me@example.org", subject: "neu", body: "neu", messageId: "<appended@example.org>" }), ["\\Seen"]);
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageFlagsAdd({ uid: "1" }, ["\\Flagged"], { uid: true });
        await client.messageFlagsAdd({ uid: "2" }, ["$Wichtig"], { uid: true });
        await client.messageMove({ uid: "3" }, "Archive", { uid: true });
        await client.messageDelete({ uid: "4" }, { uid: true });
      } finally {
        lock.release();
      }
    });
    const movedBefore = await idOf("inc2@example.org");
    const outcome = await fixture.sync();
    expect(outcome).toMatchObject({ status: "done", newMessages: 1, vanished: 2, flagChanges: 2 });
    // The expunged message has no copy left: hidden at once (orphaned), its row purged by the next full pass,
    // which is how a move to a folder already synced in this pass is told apart from a deletion.
    const expunged = await idOf("inc3@example.org");
    expect(expunged.orphaned_at).not.toBeNull();
    expect(expunged.copies).toBeNull();
    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0, purged: 1 });
    const rows = await messageRows(fixture);
    expect(rows).toHaveLength(20); // 20 + 1 appended − 1 expunged
    expect((await idOf("inc0@example.org")).flagged).toBe(true);
    const [keyword] = await db.sql`select flags from message_copies c join folders f on f.id = c.folder_id where f.path = 'INBOX' and c.uid = 2 and f.account_id = ${fixture.account.id}`;
    expect(keyword!.flags).toContain("$Wichtig");
    const moved = await idOf("inc2@example.org");
    expect(moved.id).toBe(movedBefore.id);
    expect(moved.copies).toEqual(["Archive:1"]);
    expect((await idOf("appended@example.org")).seen).toBe(true);
    expect(rows.find((row) => mid(row) === "inc3@example.org")).toBeUndefined();
    expect(await processJobs()).toBe(jobs + 1); // only the appended message is new

    // The folder is recreated: new UIDVALIDITY, same messages.
    const before = new Map((await messageRows(fixture)).map((row) => [mid(row), row.id]));
    await withClient(fixture, async (client) => {
      const lock = await client.getMailboxLock("Archive");
      const copies = await client.fetchAll("1:*", { source: true });
      lock.release();
      await client.mailboxDelete("Archive");
      await client.mailboxCreate("Archive");
      for (const copy of copies) await client.append("Archive", copy.source!);
    });
    const reseeded = await fixture.sync();
    expect(reseeded).toMatchObject({ status: "done", newMessages: 0 });
    const after = await messageRows(fixture);
    expect(new Map(after.map((row) => [mid(row), row.id]))).toEqual(before);
    expect(await processJobs()).toBe(jobs + 1);
    const [archive] = await db.sql`select uidvalidity_resets from folders where account_id = ${fixture.account.id} and path = 'Archive'`;
    expect(archive!.uidvalidity_resets).toBe(1);
  });
});

describe("connection budget", () => {
  test("a sync holds one connection and gives it back", async () => {
    const fixture = await syncFixture(services, { budget: 1 });
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "x@example.org", to: "me@example.org", subject: "s", body: "b" })]);
    expect(await fixture.sync()).toMatchObject({ status: "done" });
    const [row] = await db.sql`select count(*)::int as n from imap_leases where account_id = ${fixture.account.id}`;
    expect(row!.n).toBe(0);
  });
});
