/**
 * What stops or refuses a send: undo within the window, a wrong password,
 * STARTTLS required against a server without it, the limits, bad
 * addresses, another user's ids, and the outbound policy. The job's work
 * (deliverQueuedSend) runs in the test, after the undo window is moved to now.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { log } from "../../../src/log.ts";
import { PUBLIC_ONLY } from "../../../src/net/outbound-policy.ts";
import { deliverQueuedSend } from "../../../src/mail/send/deliver.ts";
import { cancelSend, queueSend, sendState, type OutgoingMessage } from "../../../src/mail/send/queue-send.ts";
import { MAX_SEND_BYTES, SEND_MAX_ATTEMPTS, SEND_RECIPIENTS_PER_ACCOUNT_HOUR } from "../../../src/mail/send/send-limits.ts";
import { parseSmtpSettings, saveSmtpSettings, smtpConnection, type SmtpSettingsInput } from "../../../src/mail/send/smtp-settings.ts";
import { testSmtpConnection } from "../../../src/mail/send/transport.ts";
import { replaceAllowedTargets } from "../../../src/net/allowed-targets-store.ts";
import { allowLoopback, LOOPBACK_ALLOWED } from "../../support/outbound.ts";
import { dovecot, makeMessage, type TestMailbox } from "../../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../../support/smtp-to-dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, withClient, type SyncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
let relay: SmtpToDovecot;
let plainRelay: SmtpToDovecot;
let fixture: SyncFixture;
let bob: TestMailbox;

const job = { sql: db.sql, keyring: services.keyring, config: services.config, log };

async function configure(settings: Partial<SmtpSettingsInput> & { port: number }, target = fixture) {
  const parsed = parseSmtpSettings({ host: "127.0.0.1", security: "starttls", tlsCa: relay.ca, username: "anna-smtp", password: "smtp-secret", fromAddress: "anna@example.org", ...settings });
  if (!parsed.ok) throw new Error(`settings: ${parsed.invalid.join(", ")}`);
  const saved = await saveSmtpSettings(db.sql, target.user.dataKey, target.user.user.id, target.account.id, parsed.value);
  if (!saved.ok) throw new Error(saved.reason);
}

const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  accountId: fixture.account.id,
  to: ["Bob <bob@example.org>"],
  cc: [],
  bcc: [],
  subject: "Hallo",
  text: "Hallo Bob",
  ...extra,
});

async function queued(extra: Partial<OutgoingMessage> = {}): Promise<string> {
  const result = await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message(extra));
  if (!result.ok) throw new Error(result.reason);
  return result.sendId;
}

/** The job's work, as if the undo window had passed. */
async function runNow(sendId: string) {
  await db.sql`update outgoing_messages set send_after = now() where id = ${sendId}`;
  return await deliverQueuedSend(job, sendId, "test").catch((error: Error) => error.name);
}

beforeAll(async () => {
  const server = await dovecot();
  fixture = await syncFixture(services, { server });
  bob = server.createMailbox("bob");
  relay = await startSmtpToDovecot({
    mailboxes: { "bob@example.org": bob, "later@example.org": bob },
    username: "anna-smtp",
    password: "smtp-secret",
    security: "starttls",
    tempfail: new Set(["later@example.org"]),
  });
  plainRelay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": bob }, username: "anna-smtp", password: "smtp-secret", security: "plain" });
  await configure({ port: relay.port });
});

afterAll(async () => {
  await relay?.stop();
  await plainRelay?.stop();
  await db.drop();
});

describe("undo", () => {
  test("within the window the send is cancelled, its job removed, and nothing is delivered", async () => {
    const sendId = await queued();
    const before = relay.delivered.length;
    expect(await cancelSend(db.sql, fixture.user.user.id, sendId)).toBe(true);
    const jobs = await db.sql`select 1 from graphile_worker._private_jobs where key = ${`send:${sendId}`}`;
    expect(jobs).toHaveLength(0);
    expect(await runNow(sendId)).toBe("skipped");
    expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("cancelled");
    expect(relay.delivered.length).toBe(before);
    // A second undo, or one after sending, changes nothing.
    expect(await cancelSend(db.sql, fixture.user.user.id, sendId)).toBe(false);
  });

  test("after sending it is too late", async () => {
    const sendId = await queued();
    expect(await runNow(sendId)).toBe("sent");
    expect(await cancelSend(db.sql, fixture.user.user.id, sendId)).toBe(false);
    const state = await sendState(db.sql, fixture.user.user.id, sendId);
    expect(state?.status).toBe("sent");
    expect(state?.sentAt).toBeInstanceOf(Date);
    // This account's folders were never discovered: no Sent folder, recorded, and the send still counts as sent.
    expect((await db.sql`select sent_copy from outgoing_messages where id = ${sendId}`)[0]!.sent_copy).toBe("no_folder");
  });
});

describe("the job's time", () => {
  test("is the very moment the undo window ends, and a job started before it is retried, never dropped", async () => {
    const sendId = await queued();
    // To the microsecond: a run_at cut to milliseconds made the job due up to 1 ms before the row, and a job
    // started in that gap found nothing to send; the send stayed queued for good.
    const [times] = await db.sql`
      select j.run_at = o.send_after as "same", o.send_after = date_trunc('milliseconds', o.send_after) as "whole"
      from outgoing_messages o join graphile_worker._private_jobs j on j.key = ${`send:${sendId}`} where o.id = ${sendId}`;
    expect(times).toEqual({ same: true, whole: true });
    const delivered = relay.delivered.length;
    expect(await deliverQueuedSend(job, sendId, "test").catch((error: Error) => error.name)).toBe("SendRetry");
    expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("queued");
    expect(relay.delivered.length).toBe(delivered);
    expect(await runNow(sendId)).toBe("sent");
    expect(relay.delivered.length).toBe(delivered + 1);
  });
});

describe("the Sent copy", () => {
  test("is not appended when the provider files it itself", async () => {
    const other = await syncFixture(services);
    await other.sync(); // finds the Sent folder
    await configure({ port: relay.port, sentByServer: true }, other);
    const result = await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id });
    if (!result.ok) throw new Error(result.reason);
    expect(await runNow(result.sendId)).toBe("sent");
    expect((await db.sql`select sent_copy from outgoing_messages where id = ${result.sendId}`)[0]!.sent_copy).toBe("by_server");
    expect(await withClient(other, async (client) => ((await client.status("Sent", { messages: true })) || { messages: -1 }).messages)).toBe(0);
    // Without the setting the same account gets its copy.
    await configure({ port: relay.port, sentByServer: false }, other);
    const second = await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id });
    if (!second.ok) throw new Error(second.reason);
    expect(await runNow(second.sendId)).toBe("sent");
    expect(await withClient(other, async (client) => ((await client.status("Sent", { messages: true })) || { messages: -1 }).messages)).toBe(1);
  });
});

describe("failures", () => {
  test("a temporary refusal (4xx) is retried; the last attempt records the failure", async () => {
    const sendId = await queued({ to: ["later@example.org"] });
    expect(await runNow(sendId)).toBe("SendRetry");
    const waiting = await sendState(db.sql, fixture.user.user.id, sendId);
    expect(waiting?.status).toBe("queued");
    expect(waiting?.error).toContain("451");
    await db.sql`update outgoing_messages set attempts = ${SEND_MAX_ATTEMPTS - 1} where id = ${sendId}`;
    expect(await runNow(sendId)).toBe("failed");
    expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("failed");
  });

  test("a wrong SMTP password fails with a clear error, is not retried, and keeps the row", async () => {
    const other = await syncFixture(services);
    await configure({ port: relay.port, password: "wrong" }, other);
    const result = await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id });
    if (!result.ok) throw new Error(result.reason);
    const refusedBefore = relay.refusedLogins;
    expect(await runNow(result.sendId)).toBe("failed");
    expect(relay.refusedLogins).toBe(refusedBefore + 1);
    const state = await sendState(db.sql, other.user.user.id, result.sendId);
    expect(state?.status).toBe("failed");
    expect(state?.error).toBe("the server refused the user name or password");
    const [row] = await db.sql`select octet_length(mime_encrypted) as bytes from outgoing_messages where id = ${result.sendId}`;
    expect(Number(row!.bytes)).toBeGreaterThan(0);
  });

  test("STARTTLS required against a server without it is refused before the password is sent", async () => {
    const other = await syncFixture(services);
    await configure({ port: plainRelay.port, security: "starttls" }, other);
    const connection = await smtpConnection(db.sql, other.user.dataKey, other.user.user.id, other.account.id);
    const test = await testSmtpConnection(connection!, LOOPBACK_ALLOWED);
    expect(test).toMatchObject({ ok: false, reason: "tls" });
    const result = await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id });
    if (!result.ok) throw new Error(result.reason);
    const before = plainRelay.delivered.length;
    expect(await runNow(result.sendId)).toBe("failed");
    expect(plainRelay.delivered.length).toBe(before);
    expect(plainRelay.refusedLogins).toBe(0);
    // The same server with security "none" (loopback is allowed by the administrator in tests) works.
    await configure({ port: plainRelay.port, security: "none" }, other);
    expect(await testSmtpConnection((await smtpConnection(db.sql, other.user.dataKey, other.user.user.id, other.account.id))!, LOOPBACK_ALLOWED)).toEqual({ ok: true });
  });

  test("an internal SMTP host is refused by the outbound policy; no encryption only for a server the administrator allowed", async () => {
    const connection = (await smtpConnection(db.sql, fixture.user.dataKey, fixture.user.user.id, fixture.account.id))!;
    expect(await testSmtpConnection(connection, PUBLIC_ONLY)).toMatchObject({ ok: false, reason: "blocked" });
    expect(await testSmtpConnection({ ...connection, host: "169.254.169.254", port: 25 }, LOOPBACK_ALLOWED)).toMatchObject({ ok: false, reason: "blocked" });
    // A public address, unencrypted, not allowed by name or address: refused before connecting.
    expect(await testSmtpConnection({ ...connection, host: "203.0.114.1", port: 25, security: "none" }, PUBLIC_ONLY)).toMatchObject({ ok: false, reason: "plaintext_not_allowed" });
    // And the job refuses the same way once the administrator's list no longer allows loopback.
    const sendId = await queued();
    await replaceAllowedTargets(db.sql, [], null);
    try {
      expect(await runNow(sendId)).toBe("failed");
      expect((await sendState(db.sql, fixture.user.user.id, sendId))?.error).toContain("not allowed");
    } finally {
      await allowLoopback(db.sql);
    }
  });
});

describe("refused before queueing", () => {
  test("bad addresses, no recipient, no SMTP settings", async () => {
    const refuse = async (extra: Partial<OutgoingMessage>) => await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message(extra));
    expect(await refuse({ to: ["not an address"] })).toEqual({ ok: false, reason: "bad_address" });
    expect(await refuse({ to: ["a@example.org, b@example.org"] })).toEqual({ ok: false, reason: "bad_address" });
    expect(await refuse({ to: ["Bob <bob@example.org>\r\nBcc: x@example.org"] })).toEqual({ ok: false, reason: "bad_address" });
    expect(await refuse({ to: [], cc: [], bcc: [] })).toEqual({ ok: false, reason: "bad_address" });
    const bare = await syncFixture(services);
    expect(await queueSend(services, bare.user.user.id, bare.user.dataKey, { ...message(), accountId: bare.account.id })).toEqual({ ok: false, reason: "no_smtp" });
  });

  test("the size limit", async () => {
    const attachment = { filename: "big.bin", contentType: "application/octet-stream", content: new Uint8Array(MAX_SEND_BYTES + 1) };
    expect(await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message({ attachments: [attachment] }))).toEqual({ ok: false, reason: "too_large" });
    // Base64 makes 20 MiB of attachment larger than the limit once built.
    const encoded = { ...attachment, content: new Uint8Array(20 * 1024 * 1024) };
    expect(await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message({ attachments: [encoded] }))).toEqual({ ok: false, reason: "too_large" });
  });

  test("the rate limit per account and hour (cancelled sends do not count)", async () => {
    const other = await syncFixture(services);
    await configure({ port: relay.port }, other);
    const send = async () => await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id });
    const first = await send();
    if (!first.ok) throw new Error(first.reason);
    await db.sql`update outgoing_messages set recipients_count = ${SEND_RECIPIENTS_PER_ACCOUNT_HOUR - 1} where id = ${first.sendId}`;
    const second = await send();
    expect(second.ok).toBe(true);
    expect(await send()).toEqual({ ok: false, reason: "rate_limited" });
    await cancelSend(db.sql, other.user.user.id, first.sendId);
    expect((await send()).ok).toBe(true);
    // More recipients in one message than any reply has.
    const many = Array.from({ length: 101 }, (_, index) => `r${index}@example.org`);
    expect(await queueSend(services, other.user.user.id, other.user.dataKey, { ...message(), accountId: other.account.id, to: many })).toEqual({ ok: false, reason: "rate_limited" });
  });

  test("another user's account, replied message or send is not found", async () => {
    const stranger = await syncFixture(services);
    (await dovecot()).seedMaildir(stranger.box.user, "INBOX", [makeMessage({ from: "x@example.org", to: "y@example.org", subject: "Fremd", body: "Fremd" })]);
    await stranger.sync();
    const [foreign] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${stranger.account.id}`;
    const sendId = await queued();
    expect(await queueSend(services, stranger.user.user.id, stranger.user.dataKey, message())).toEqual({ ok: false, reason: "not_found" });
    expect(await sendState(db.sql, stranger.user.user.id, sendId)).toBeUndefined();
    expect(await cancelSend(db.sql, stranger.user.user.id, sendId)).toBe(false);
    expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("queued");
    expect(await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message({ inReplyToMessageId: foreign!.id }))).toEqual({ ok: false, reason: "not_found" });
    expect(await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message({ forwardOfMessageId: foreign!.id }))).toEqual({ ok: false, reason: "not_found" });
    expect(await queueSend(services, fixture.user.user.id, fixture.user.dataKey, message({ inReplyToMessageId: "not-a-uuid" }))).toEqual({ ok: false, reason: "not_found" });
    await cancelSend(db.sql, fixture.user.user.id, sendId);
  });
});
