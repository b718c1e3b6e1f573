/**
 * Sending on the real path: queueSend → the send_message job of a real
 * worker → an smtp-server that delivers into the test Dovecot → read back
 * over IMAP: headers, threading, body, the Sent copy, \Answered, and a
 * forward's attachment bytes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import { startWorker, type Worker } from "../../../src/jobs/worker.ts";
import { queueSend, sendState } from "../../../src/mail/send/queue-send.ts";
import { saveSmtpSettings, parseSmtpSettings } from "../../../src/mail/send/smtp-settings.ts";
import { dovecot, imapFlowOptions, makeMessage, type TestMailbox } from "../../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../../support/smtp-to-dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { syncFixture, type SyncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
let worker: Worker;
let relay: SmtpToDovecot;
let fixture: SyncFixture;
let bob: TestMailbox;
let originalId: string;

async function readFolder(box: TestMailbox, path: string) {
  const client = new ImapFlow(imapFlowOptions(box));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(path);
    try {
      const messages: { flags: Set<string>; source: Buffer }[] = [];
      if ((client.mailbox && client.mailbox.exists) === 0) return messages;
      for await (const message of client.fetch("1:*", { flags: true, source: true })) messages.push({ flags: message.flags ?? new Set(), source: message.source! });
      return messages;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

beforeAll(async () => {
  const server = await dovecot();
  fixture = await syncFixture(services, { server });
  bob = server.createMailbox("bob");
  server.seedMaildir(fixture.box.user, "INBOX", [
    makeMessage({
      from: "Bob Beispiel <bob@example.org>",
      to: "anna@example.org",
      subject: "Angebot",
      body: "Passt Ihnen Dienstag?",
      headers: { "Message-ID": "<angebot-2@example.org>", References: "<angebot-1@example.org>", "In-Reply-To": "<angebot-1@example.org>" },
    }),
  ]);
  await fixture.sync();
  originalId = (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`)[0]!.id;
  relay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": bob }, username: "anna-smtp", password: "smtp-secret", security: "starttls" });
  const parsed = parseSmtpSettings({
    host: "127.0.0.1",
    port: relay.port,
    security: "starttls",
    tlsCa: relay.ca,
    username: "anna-smtp",
    password: "smtp-secret",
    fromAddress: "anna@example.org",
    fromName: "Anna Muster",
  });
  if (!parsed.ok) throw new Error(`settings: ${parsed.invalid.join(", ")}`);
  const saved = await saveSmtpSettings(db.sql, fixture.user.dataKey, fixture.user.user.id, fixture.account.id, parsed.value);
  if (!saved.ok) throw new Error(saved.reason);
  worker = await startWorker({ ...services, db }, { crontab: "# no entries" });
});

afterAll(async () => {
  await worker?.stop();
  await relay?.stop();
  await db.drop();
});

describe("a reply", () => {
  test("arrives in the recipient's INBOX with threading headers, is filed in Sent (\\Seen), and the original is marked \\Answered", async () => {
    const queued = await queueSend(services, fixture.user.user.id, fixture.user.dataKey, {
      accountId: fixture.account.id,
      to: ["Bob Beispiel <bob@example.org>"],
      cc: [],
      bcc: [],
      subject: "Re: Angebot",
      text: "Dienstag passt.\n\nViele Grüße\nAnna",
      inReplyToMessageId: originalId,
    });
    if (!queued.ok) throw new Error(queued.reason);
    // The job carries the row's id and nothing else.
    const [job] = await db.sql<
      { payload: unknown }[]
    >`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_message'`;
    expect(job!.payload).toEqual({ sendId: queued.sendId });

    const state = await waitFor(
      async () => {
        const current = await sendState(db.sql, fixture.user.user.id, queued.sendId);
        return current && current.status !== "queued" && current.status !== "sending" ? current : undefined;
      },
      { timeoutMs: 40_000, what: "the send" },
    );
    expect(state.status).toBe("sent");

    const [delivered] = await readFolder(bob, "INBOX");
    const mail = await simpleParser(delivered!.source);
    expect(mail.from?.value).toEqual([{ name: "Anna Muster", address: "anna@example.org" }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: "Bob Beispiel", address: "bob@example.org" }]);
    expect(mail.subject).toBe("Re: Angebot");
    expect(mail.inReplyTo).toBe("<angebot-2@example.org>");
    expect(mail.references).toEqual(["<angebot-1@example.org>", "<angebot-2@example.org>"]);
    expect(mail.text?.trim()).toBe("Dienstag passt.\n\nViele Grüße\nAnna");
    expect(mail.messageId).toMatch(/@example\.org>$/);

    const sent = await readFolder(fixture.box, "Sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.flags.has("\\Seen")).toBe(true);
    expect((await simpleParser(sent[0]!.source)).messageId).toBe(mail.messageId);

    await waitFor(async () => (await db.sql`select 1 from messages where id = ${originalId} and answered`).length === 1, { timeoutMs: 30_000, what: "\\Answered" });
    const inbox = await readFolder(fixture.box, "INBOX");
    expect(inbox[0]!.flags.has("\\Answered")).toBe(true);
    // The Sent copy reaches the thread through the sync the job asked for.
    await waitFor(async () => (await db.sql`select 1 from messages m join messages o on o.thread_id = m.thread_id where o.id = ${originalId} and m.id <> o.id`).length === 1, {
      timeoutMs: 30_000,
      what: "the Sent copy in the thread",
    });
  }, 90_000);
});

describe("a forward", () => {
  test("carries the forwarded message's attachments byte for byte, and Bcc is delivered but not shown", async () => {
    const bytes = new Uint8Array(3000).map((_, index) => (index * 7) % 256);
    const server = await dovecot();
    const raw = [
      "From: Carla <carla@example.org>",
      "To: anna@example.org",
      "Subject: Rechnung",
      "Message-ID: <rechnung@example.org>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Anbei die Rechnung.",
      "--b1",
      'Content-Type: application/pdf; name="rechnung.pdf"',
      'Content-Disposition: attachment; filename="rechnung.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(bytes).toString("base64"),
      "--b1--",
      "",
    ].join("\r\n");
    server.seedMaildir(fixture.box.user, "INBOX", [raw]);
    // The worker may be syncing the account right now (the reply asked for it): sync until the message is in.
    const forwarded = await waitFor(
      async () => {
        await fixture.sync();
        return (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} and has_attachments`)[0];
      },
      { timeoutMs: 30_000, intervalMs: 200, what: "the message to forward" },
    );
    const queued = await queueSend(services, fixture.user.user.id, fixture.user.dataKey, {
      accountId: fixture.account.id,
      to: ["bob@example.org"],
      cc: [],
      bcc: ["Bob Geheim <BOB@example.org>"],
      subject: "Fwd: Rechnung",
      text: "Zur Info.",
      forwardOfMessageId: forwarded.id,
    });
    if (!queued.ok) throw new Error(queued.reason);
    const before = relay.delivered.length;
    await waitFor(async () => (await sendState(db.sql, fixture.user.user.id, queued.sendId))?.status === "sent", { timeoutMs: 40_000, what: "the forward" });
    expect(relay.delivered.length).toBe(before + 1);
    const mail = await simpleParser(relay.delivered.at(-1)!);
    expect(mail.bcc).toBeUndefined();
    expect(relay.delivered.at(-1)!).not.toContain("Geheim");
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(["rechnung.pdf"]);
    expect(new Uint8Array(mail.attachments[0]!.content)).toEqual(bytes);
  }, 90_000);
});
