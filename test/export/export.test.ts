/**
 * Export of a synced user (the test Dovecot) with analyses, corrections,
 * tags, rules, a VIP and settings; the archive opened with the passphrase
 * (and refused with a wrong one); a second user who synced the same
 * mailbox gets restoreUserData and then has the same analyses, tags and
 * rules; a second restore applies nothing; no secret is in the archive;
 * the maintenance job deletes an expired export.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { applyCorrection } from "../../src/analysis/corrections.ts";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { mboxEntry } from "../../src/export/mbox.ts";
import { openExport } from "../../src/export/open-export.ts";
import { restoreUserData } from "../../src/export/restore.ts";
import { exportFile, getExport, requestExport } from "../../src/export/store.ts";
import type { UserDataDocument } from "../../src/export/user-data.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { syncAccount } from "../../src/mail/sync/sync-account.ts";
import { BackupError } from "../../src/ops/backup/format.ts";
import { parseRuleDefinition } from "../../src/rules/rule-schema.ts";
import { createRule, listRules } from "../../src/rules/store.ts";
import { addVipSender, listVipSenders } from "../../src/senders/vip.ts";
import { addTag } from "../../src/tags/assign.ts";
import { createTag, listTags } from "../../src/tags/store.ts";
import buildExportTask from "../../tasks/build_export.ts";
import deleteExpiredExportsTask from "../../tasks/delete_expired_exports.ts";
import { processMessages } from "../analysis/support.ts";
import { syncFixture, withClient } from "../mail/sync/fixtures.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { tempDir } from "../support/temp.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import type { JobContext } from "../../src/jobs/define-task.ts";
import type { SecretKey } from "../../src/crypto/secret-key.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

const PASSPHRASE = "Leuchtturm Fahrrad Wolke 42";
/** The smallest cost the reader accepts: the test is about the format, not the key derivation's price. */
const FAST_KDF = { N: 2 ** 14, r: 8, p: 1 };

const job = (attempt = 1): JobContext => ({ jobId: "test", attempt, log: services.log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring });

const attachmentMessage = [
  "From: Hausverwaltung Müller <rechnung@hausverwaltung.example>",
  "To: me@example.org",
  "Subject: Rechnung März",
  "Date: Mon, 02 Mar 2026 09:00:00 +0000",
  "Message-ID: <rechnung-maerz@hausverwaltung.example>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Anbei die Nebenkostenabrechnung.",
  "From here on it is a line that mbox must quote.",
  "--b1",
  'Content-Type: application/pdf; name="abrechnung.pdf"',
  "Content-Transfer-Encoding: base64",
  'Content-Disposition: attachment; filename="abrechnung.pdf"',
  "",
  Buffer.from("%PDF-1.4 Nebenkosten 2025").toString("base64"),
  "--b1--",
  "",
].join("\r\n");

const withoutMessageId = ["From: anna@example.org", "To: me@example.org", "Subject: Ohne Kennung", "Date: Tue, 03 Mar 2026 10:00:00 +0000", "", "Kommst du morgen?", ""].join("\r\n");

async function ownMessages(userId: string) {
  return await db.sql<{ id: string }[]>`select id from messages where user_id = ${userId} order by id`;
}

/** Message-ID (from the opened headers) → message id, for comparing two users' copies of one mailbox. */
async function byMessageId(user: TestUser): Promise<Map<string, string>> {
  const { messageIdentities } = await import("../../src/export/user-data.ts");
  const identities = await messageIdentities(db.sql, user.dataKey, user.user.id);
  return new Map([...identities].map(([id, identity]) => ["messageId" in identity ? identity.messageId : identity.fingerprint, id]));
}

async function tagsByMessage(user: TestUser, ids: Map<string, string>): Promise<Record<string, string[]>> {
  const names = new Map((await listTags(db.sql, user.dataKey, user.user.id)).map((tag) => [tag.id, tag.name]));
  const rows = await db.sql<{ messageId: string; tagId: string }[]>`select message_id as "messageId", tag_id as "tagId" from message_tags where user_id = ${user.user.id}`;
  const reverse = new Map([...ids].map(([key, id]) => [id, key]));
  const out: Record<string, string[]> = {};
  for (const row of rows) (out[reverse.get(row.messageId)!] ??= []).push(names.get(row.tagId)!);
  for (const list of Object.values(out)) list.sort();
  return out;
}

async function analysesByMessage(user: TestUser, ids: Map<string, string>) {
  const out: Record<string, unknown> = {};
  for (const [key, id] of ids) {
    const stored = await readAnalysis(db.sql, user.dataKey, user.user.id, id);
    if (stored) out[key] = { analysis: stored.analysis, corrected: [...stored.correctedFields].sort() };
  }
  return out;
}

/** Rules with folder and tag ids replaced by the folder's path and the tag's name, to compare two users' rules. */
async function rulesInWords(user: TestUser) {
  const folders = new Map((await db.sql<{ id: string; path: string }[]>`select id, path from folders where user_id = ${user.user.id}`).map((row) => [row.id, `folder:${row.path}`]));
  const tags = new Map((await listTags(db.sql, user.dataKey, user.user.id)).map((tag) => [tag.id, `tag:${tag.name}`]));
  return (await listRules(db.sql, user.dataKey, user.user.id)).map((rule) =>
    JSON.parse(JSON.stringify({ name: rule.name, enabled: rule.enabled, mode: rule.mode, definition: rule.definition }), (_key, value) =>
      typeof value === "string" ? (folders.get(value) ?? tags.get(value) ?? value) : value,
    ),
  );
}

/** Sync and analyse the second user's copy of the same mailbox. */
async function secondUserOnSameMailbox(box: { host: string; tlsPort: number; ca: string; user: string; password: string }): Promise<TestUser> {
  const user = await createTestUser(services);
  const account = await createMailAccount(db.sql, user.dataKey, user.user.id, {
    label: "Test",
    host: box.host,
    port: box.tlsPort,
    security: "tls",
    tlsCa: box.ca,
    username: box.user,
    password: box.password,
  });
  await syncAccount(services, { accountId: account.id, userId: user.user.id, scope: "all", holder: "test" });
  await processMessages(
    services,
    (await ownMessages(user.user.id)).map((row) => row.id),
  );
  return user;
}

const fixture = await syncFixture(services, { server });
const owner = fixture.user;
await withClient(fixture, (client) => client.mailboxCreate("Rechnungen"));
server.seedMaildir(fixture.box.user, "INBOX", [
  makeMessage({ from: "Anna <anna@example.org>", to: "me@example.org", subject: "Hallo", body: "Kommst du morgen?", messageId: "<hallo-1@example.org>" }),
  makeMessage({
    from: "Newsletter <news@shop.example>",
    to: "me@example.org",
    subject: "Angebote der Woche",
    body: "Nur heute!",
    messageId: "<news-1@shop.example>",
    headers: { "List-Unsubscribe": "<https://shop.example/u>" },
  }),
  attachmentMessage,
  withoutMessageId,
]);
server.seedMaildir(fixture.box.user, "Rechnungen", [
  {
    raw: makeMessage({ from: "rechnung@hausverwaltung.example", to: "me@example.org", subject: "Rechnung Februar", body: "Bitte überweisen.", messageId: "<rechnung-feb@hausverwaltung.example>" }),
    flags: "SF",
  },
]);
await fixture.sync();
await processMessages(
  services,
  (await ownMessages(owner.user.id)).map((row) => row.id),
);

const ownerIds = await byMessageId(owner);
const steuer = await createTag(db.sql, owner.dataKey, owner.user.id, "Steuer 2026", "red");
if (!steuer.ok) throw new Error("tag");
await addTag(db.sql, owner.dataKey, owner.user.id, steuer.tag.id, [ownerIds.get("rechnung-maerz@hausverwaltung.example")!, ownerIds.get("rechnung-feb@hausverwaltung.example")!]);
const corrected = await applyCorrection(db.sql, owner.dataKey, owner.user.id, ownerIds.get("hallo-1@example.org")!, { urgency: 3, importance: 3 });
if (!corrected.ok) throw new Error(corrected.reason);
const [rechnungen] = await db.sql<{ id: string }[]>`select id from folders where user_id = ${owner.user.id} and path = 'Rechnungen'`;
const definition = parseRuleDefinition({
  condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
  actions: [
    { type: "add-tag", tagId: steuer.tag.id },
    { type: "move", folderId: rechnungen!.id },
  ],
});
if (!definition.ok) throw new Error(definition.message);
await createRule(db.sql, owner.dataKey, owner.user.id, { name: "Hausverwaltung", mode: "act", definition: definition.definition });
await addVipSender(db.sql, owner.dataKey, owner.user.id, "anna@example.org");
await db.sql`update users set waiting_days = 7, language = 'de', done_archives = true where id = ${owner.user.id}`;

const requested = await requestExport(db.sql, owner.dataKey, owner.user.id, PASSPHRASE, FAST_KDF);
if (!requested.ok) throw new Error(requested.reason);
const exportId = requested.export.id;
await buildExportTask.run({ exportId }, job());
const opened = await openExport(exportFile(services.config, exportId), PASSPHRASE, join(tempDir("export"), "opened"));
const userData = JSON.parse(readFileSync(join(opened.dir, "user-data.json"), "utf8")) as UserDataDocument;

describe("an export of a synced user", () => {
  test("is ready with counts and progress, and the archive key kept for the job is erased", async () => {
    const row = await getExport(db.sql, owner.user.id, exportId);
    expect(row?.status).toBe("ready");
    expect(row?.counts).toMatchObject({ messages: 5, analyses: 5, corrections: 2, tags: 1, tagAssignments: 2, rules: 1, vipSenders: 1 });
    expect(row?.done).toBe(5);
    expect(row!.expiresAt!.getTime()).toBeGreaterThan(row!.finishedAt!.getTime());
    const [{ key }] = (await db.sql`select key_encrypted as key from user_exports where id = ${exportId}`) as unknown as [{ key: Uint8Array | null }];
    expect(key).toBeNull();
  });

  test("opens with the passphrase: manifest with counts and a SHA-256 per file, mbox per folder, JSON, Sieve", async () => {
    expect(opened.manifest.format).toBe("mail-helper-export");
    expect(opened.manifest.counts.messages).toBe(5);
    const names = opened.manifest.files.map((file) => file.name).sort();
    expect(names).toContain("mail/1-Test/INBOX.mbox");
    expect(names).toContain("mail/1-Test/Rechnungen.mbox");
    expect(names).toContain("rules.sieve");
    expect(names).toContain("user-data.json");
    expect(opened.manifest.files.find((file) => file.name === "mail/1-Test/INBOX.mbox")?.folder).toEqual({ account: "Test", path: "INBOX", messages: 4 });
    for (const file of opened.manifest.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(opened.dir, "rules.sieve"), "utf8")).toContain("# Rule: Hausverwaltung");
    expect(userData.settings).toMatchObject({ waitingDays: 7, language: "de", doneArchives: true });
    expect(userData.vipSenders).toEqual([{ kind: "address", value: "anna@example.org" }]);
    expect(userData.analyses.find((entry) => "messageId" in entry.message && entry.message.messageId === "hallo-1@example.org")?.correctedFields.sort()).toEqual(["importance", "urgency"]);
    expect(userData.analyses.some((entry) => "fingerprint" in entry.message)).toBe(true);
  });

  test("the mbox parses back: headers, body, attachment, flags as Status/X-Status", async () => {
    const inbox = readFileSync(join(opened.dir, "mail/1-Test/INBOX.mbox"), "utf8");
    const entries = inbox.split(/^From (?=\S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$)/m).filter(Boolean);
    expect(entries).toHaveLength(4);
    const invoice = entries.find((entry) => entry.includes("rechnung-maerz"))!;
    const parsed = await simpleParser(invoice.slice(invoice.indexOf("\n") + 1).replace(/^>(>*From )/gm, "$1"));
    expect(parsed.messageId).toBe("<rechnung-maerz@hausverwaltung.example>");
    expect(parsed.subject).toBe("Rechnung März");
    expect(parsed.text).toContain("From here on it is a line that mbox must quote.");
    expect(parsed.attachments.map((attachment) => [attachment.filename, attachment.content.toString()])).toEqual([["abrechnung.pdf", "%PDF-1.4 Nebenkosten 2025"]]);
    const filed = readFileSync(join(opened.dir, "mail/1-Test/Rechnungen.mbox"), "utf8");
    expect(filed).toContain("Status: RO\n");
    expect(filed).toContain("X-Status: F\n");
  });

  test("holds no secret: no password, no mail account credentials, no session token, no second-factor secret, no key wraps", async () => {
    const [user] = await db.sql<{ hash: string; wrapped: Uint8Array; master: Uint8Array }[]>`
      select password_hash as hash, dek_password_wrapped as wrapped, dek_master_wrapped as master from users where id = ${owner.user.id}`;
    const secrets = [
      owner.password,
      fixture.box.password,
      fixture.box.user,
      owner.token,
      owner.totpSecret,
      user!.hash,
      Buffer.from(user!.wrapped).toString("base64"),
      Buffer.from(user!.master).toString("base64"),
      PASSPHRASE,
    ];
    const files = readdirSync(opened.dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBe(opened.manifest.files.length + 1);
    for (const entry of files) {
      const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
    const archive = readFileSync(exportFile(services.config, exportId));
    for (const secret of secrets) expect(archive.includes(Buffer.from(secret))).toBe(false);
  });

  test("a wrong passphrase is a clear error and writes nothing", async () => {
    const dir = join(tempDir("export-wrong"), "out");
    const error = await openExport(exportFile(services.config, exportId), "falsches Passwort 123", dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).code).toBe("WRONG_PASSPHRASE");
    expect((error as BackupError).message).toBe("wrong passphrase for this backup");
    expect(existsSync(dir)).toBe(false);
  });

  test("a short passphrase is refused and nothing is queued", async () => {
    const other = await createTestUser(services);
    expect(await requestExport(db.sql, other.dataKey, other.user.id, "zu kurz", FAST_KDF)).toEqual({ ok: false, reason: "passphrase_too_short" });
    expect(await db.sql`select 1 from user_exports where user_id = ${other.user.id}`).toHaveLength(0);
  });
});

describe("mboxrd", () => {
  test("a line starting with From (after any >) gets one more >; the separator is asctime in UTC", () => {
    const entry = mboxEntry("Subject: x\r\n\r\nFrom here\r\n>From there\r\nnot From\r\n", "a@example.org", new Date(Date.UTC(2026, 2, 2, 9, 5, 7)));
    expect(entry).toBe("From a@example.org Mon Mar  2 09:05:07 2026\nSubject: x\n\n>From here\n>>From there\nnot From\n\n");
    expect(mboxEntry("x", "not an address", null)).toStartWith("From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
  });
});

describe("restoreUserData into a second user who synced the same mailbox", () => {
  test("gives the same analyses, tags and rules; a second run applies nothing", async () => {
    const second = await secondUserOnSameMailbox(fixture.box);
    const secondIds = await byMessageId(second);
    expect([...secondIds.keys()].sort()).toEqual([...ownerIds.keys()].sort());
    // Before: the correction made only by the owner differs.
    expect(await analysesByMessage(second, secondIds)).not.toEqual(await analysesByMessage(owner, ownerIds));

    const report = await restoreUserData(db.sql, second.user.id, second.dataKey, userData);
    expect(report.tags).toEqual({ applied: 1, skipped: 0 });
    expect(report.tagAssignments).toEqual({ applied: 2, skipped: 0 });
    expect(report.rules).toEqual({ applied: 1, skipped: 0 });
    expect(report.corrections).toEqual({ applied: 2, skipped: 0 });
    expect(report.vipSenders).toEqual({ applied: 1, skipped: 0 });
    expect(report.analyses.applied + report.analyses.skipped).toBe(5);
    expect(report.analyses.applied).toBeGreaterThanOrEqual(1);
    expect(report.notes).toEqual([]);

    expect(await analysesByMessage(second, secondIds)).toEqual(await analysesByMessage(owner, ownerIds));
    expect(await tagsByMessage(second, secondIds)).toEqual(await tagsByMessage(owner, ownerIds));
    expect(await rulesInWords(second)).toEqual(await rulesInWords(owner));
    expect((await listVipSenders(db.sql, second.dataKey, second.user.id)).map((entry) => entry.value)).toEqual(["anna@example.org"]);
    const [settings] = await db.sql`select waiting_days, language, done_archives from users where id = ${second.user.id}`;
    expect(settings).toEqual({ waiting_days: 7, language: "de", done_archives: true });

    const again = await restoreUserData(db.sql, second.user.id, second.dataKey, userData);
    for (const part of ["settings", "tags", "tagAssignments", "analyses", "corrections", "rules", "senderPatterns", "vipSenders"] as const) expect(again[part].applied).toBe(0);
    expect(again.analyses.skipped).toBe(5);
    expect(again.rules.skipped).toBe(1);
  }, 60_000);

  test("a document that is not user data is refused", async () => {
    await expect(restoreUserData(db.sql, owner.user.id, owner.dataKey as SecretKey, { version: 99 })).rejects.toThrow("not a Mail Helper user-data.json");
  });
});

describe("npm run open-export", () => {
  test("opens the archive with EXPORT_PASSPHRASE and says what it holds; a wrong passphrase exits 1 with one line", async () => {
    const dir = join(tempDir("open-export-cli"), "out");
    const run = (passphrase: string) =>
      Bun.spawnSync(["bun", "src/cli/open-export.ts", exportFile(services.config, exportId), dir], { env: { ...process.env, EXPORT_PASSPHRASE: passphrase }, stdout: "pipe", stderr: "pipe" });
    const wrong = run("nicht die richtige Passphrase");
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr.toString().trim()).toBe("open-export: wrong passphrase for this backup");
    const right = run(PASSPHRASE);
    expect(right.stderr.toString()).toBe("");
    expect(right.exitCode).toBe(0);
    expect(right.stdout.toString()).toContain(`export opened into ${dir}`);
    expect(right.stdout.toString()).toContain("every hash checked against manifest.json (messages 5,");
    expect(readFileSync(join(dir, "user-data.json"), "utf8")).toBe(readFileSync(join(opened.dir, "user-data.json"), "utf8"));
  }, 30_000);
});

describe("expiry", () => {
  test("another user cannot see the export; the maintenance job deletes it once expired", async () => {
    const stranger = await createTestUser(services);
    expect(await getExport(db.sql, stranger.user.id, exportId)).toBeUndefined();
    const file = exportFile(services.config, exportId);
    expect(statSync(file).size).toBeGreaterThan(0);
    await deleteExpiredExportsTask.run({}, job());
    expect(existsSync(file)).toBe(true);
    await db.sql`update user_exports set expires_at = now() - interval '1 second' where id = ${exportId}`;
    await deleteExpiredExportsTask.run({}, job());
    expect(existsSync(file)).toBe(false);
    expect((await getExport(db.sql, owner.user.id, exportId))?.status).toBe("expired");
  });

  test("a file whose user was deleted goes at the next run; a ready one stays", async () => {
    const orphan = exportFile(services.config, crypto.randomUUID());
    writeFileSync(orphan, "MHBACKUP");
    const [ready] = await db.sql<{ id: string }[]>`insert into user_exports (user_id, status, expires_at) values (${owner.user.id}, 'ready', now() + interval '1 day') returning id`;
    writeFileSync(exportFile(services.config, ready!.id), "MHBACKUP");
    await deleteExpiredExportsTask.run({}, job());
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(exportFile(services.config, ready!.id))).toBe(true);
  });
});
