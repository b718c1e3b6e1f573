/**
 * Sync of real and broken mail: the whole SpamAssassin corpus in one INBOX,
 * and the MIME torture set, through the real Dovecot, parser, encryption
 * and database.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ImapFlow } from "imapflow";
import { decryptText } from "../../../src/crypto/aead.ts";
import { parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { dovecot, imapFlowOptions } from "../../support/dovecot.ts";
import { seedSpamAssassin, spamAssassinMessages } from "../../support/spamassassin.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, type SyncFixture } from "./fixtures.ts";
import { mimeTortureDir } from "../../support/corpora.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

const TORTURE_DIR = mimeTortureDir();
/** A sync that runs past this is a hang, not a slow parse (each parse is capped at PARSE_TIMEOUT_MS). */
const TORTURE_SYNC_LIMIT_MS = 60_000;

interface StoredRow {
  id: string;
  uid: string;
  headers_encrypted: Uint8Array;
  text_encrypted: Uint8Array | null;
}

/** The folder's messages by UID, with what the tests decrypt. */
async function storedByUid(fixture: SyncFixture, path: string): Promise<Map<number, StoredRow>> {
  const rows = await db.sql<StoredRow[]>`
    select m.id, c.uid::text, m.headers_encrypted, m.text_encrypted
    from message_copies c join folders f on f.id = c.folder_id join messages m on m.id = c.message_id
    where f.account_id = ${fixture.account.id} and f.path = ${path}`;
  return new Map(rows.map((row) => [Number(row.uid), row]));
}

function decryptRow(fixture: SyncFixture, row: StoredRow) {
  const owner = fixture.user.user.id;
  return {
    headers: JSON.parse(decryptText(fixture.user.dataKey, row.headers_encrypted, { owner, purpose: `message-headers:${row.id}` })),
    text: row.text_encrypted ? decryptText(fixture.user.dataKey, row.text_encrypted, { owner, purpose: `message-text:${row.id}` }) : "",
  };
}

/** Every file below `dir`, by path relative to it, sorted (the seeding order, so UID n+1 is files[n]). */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "SOURCES.md")
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("SpamAssassin corpus", () => {
  test("6,046 messages in one INBOX: each stored once, equal to a direct parse, with one process_message job each", async () => {
    const corpus = await spamAssassinMessages();
    expect(corpus).toHaveLength(6_046);
    const fixture = await syncFixture(services);
    await seedSpamAssassin(server, fixture.box.user, "INBOX");

    const outcome = await fixture.sync();
    // The corpus has no exact duplicates: every (Message-ID, content) pair is distinct (two messages have no Message-ID).
    const direct = await Promise.all(corpus.map((message) => parseMessage(message.raw)));
    expect(new Set(direct.map((parsed) => `${parsed.messageId}\n${parsed.contentHash}`)).size).toBe(6_046);
    expect(outcome).toMatchObject({ status: "done", fetched: 6_046, newMessages: 6_046 });

    const stored = await storedByUid(fixture, "INBOX");
    expect(stored.size).toBe(6_046);
    const [{ n: messageCount }] = (await db.sql`select count(*)::int as n from messages where account_id = ${fixture.account.id}`) as unknown as [{ n: number }];
    expect(messageCount).toBe(6_046);

    const mismatches: string[] = [];
    corpus.forEach((message, index) => {
      const row = stored.get(index + 1);
      if (!row) {
        mismatches.push(`${message.id}: not stored`);
        return;
      }
      const { headers, text } = decryptRow(fixture, row);
      const expected = direct[index]!;
      const actual = { subject: headers.subject, from: headers.from, to: headers.to, messageId: headers.messageId, text };
      const wanted = { subject: expected.subject, from: expected.from, to: expected.to, messageId: expected.messageId, text: expected.text };
      for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
        if (!Bun.deepEquals(actual[key], wanted[key])) mismatches.push(`${message.id}: ${key} differs`);
      }
    });
    // Dovecot serves a bare LF as CRLF. Two spam files have a CR before a quoted-printable soft line break
    // ("\r=\n", served as "\r=\r\n"), so the message as served decodes to one CR more than the file: their
    // text equals a parse of the file as served instead.
    const asServed = async (id: string) => {
      const raw = Buffer.from(corpus.find((message) => message.id === id)!.raw).toString("latin1");
      return await parseMessage(Buffer.from(raw.replace(/(?<!\r)\n/g, "\r\n"), "latin1"));
    };
    const crBeforeSoftBreak = ["spam-2/00164.272880ebd1f1f93cf0cd9800842a24bd", "spam-2/00276.a8792b1d4591c269b9234f3a39f846d8"];
    expect(mismatches).toEqual(crBeforeSoftBreak.map((id) => `${id}: text differs`));
    for (const id of crBeforeSoftBreak) {
      const index = corpus.findIndex((message) => message.id === id);
      expect(decryptRow(fixture, stored.get(index + 1)!).text).toBe((await asServed(id)).text);
    }

    // One job per message: the job key is 'process:<id>', and queuing a key again bumps its revision.
    const [jobs] = await db.sql<{ jobs: number; messages: number; readded: number }[]>`
      select count(*)::int as jobs, count(distinct m.id)::int as messages, count(*) filter (where j.revision > 0)::int as readded
      from graphile_worker.jobs j join messages m on j.key = 'process:' || m.id
      where j.task_identifier = 'process_message' and m.account_id = ${fixture.account.id}`;
    expect(jobs).toEqual({ jobs: 6_046, messages: 6_046, readded: 0 });
  });
});

describe("MIME torture set", () => {
  test("281 broken and unusual files sync without a crash or a hang, each becomes a message, and a second sync fetches nothing", async () => {
    const files = filesBelow(TORTURE_DIR);
    expect(files).toHaveLength(281);
    const fixture = await syncFixture(services);
    server.seedMaildir(
      fixture.box.user,
      "Torture",
      files.map((file) => readFileSync(join(TORTURE_DIR, file))),
    );

    let timer: Timer | undefined;
    const hang = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`sync of the torture set still running after ${TORTURE_SYNC_LIMIT_MS} ms`)), TORTURE_SYNC_LIMIT_MS);
    });
    const outcome = await Promise.race([fixture.sync(), hang]).finally(() => clearTimeout(timer));
    expect(outcome).toMatchObject({ status: "done", fetched: 281 });

    // Every file is a copy (UIDs 1…281 in file order), even the ones that are no mail at all
    // (mikel-mail/.gitattributes, the empty sample_output_multipart, spam_bsmtpnull's single byte).
    const stored = await storedByUid(fixture, "Torture");
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual(files.map((_file, index) => index + 1));
    // Files with the same bytes as served are one message with several copies: six pairs of identical files,
    // and LF and CRLF variants of one message (Dovecot serves a bare LF as CRLF), 281 files → 268 messages.
    const served = await servedContentHashes(fixture, "Torture");
    expect(served.size).toBe(281);
    const sameContent = new Map<string, number[]>();
    for (const [uid, hash] of served) sameContent.set(hash, [...(sameContent.get(hash) ?? []), uid]);
    const distinctMessages = new Set([...stored.values()].map((row) => row.id));
    expect(distinctMessages.size).toBe(sameContent.size);
    for (const uids of sameContent.values()) expect(new Set(uids.map((uid) => stored.get(uid)!.id)).size).toBe(1);
    expect(outcome).toMatchObject({ newMessages: sameContent.size });
    for (const row of stored.values()) expect(() => decryptRow(fixture, row)).not.toThrow();

    expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0, newMessages: 0, vanished: 0, flagChanges: 0 });
  });
});

/** SHA-256 of each message's bytes as Dovecot serves them, by UID (a test client, not the sync code). */
async function servedContentHashes(fixture: SyncFixture, path: string): Promise<Map<number, string>> {
  const client = new ImapFlow(imapFlowOptions(fixture.box));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      const hashes = new Map<number, string>();
      for await (const message of client.fetch("1:*", { uid: true, source: true })) {
        hashes.set(
          message.uid,
          createHash("sha256")
            .update(message.source ?? Buffer.alloc(0))
            .digest("hex"),
        );
      }
      return hashes;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
