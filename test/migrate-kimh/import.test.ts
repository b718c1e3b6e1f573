/**
 * The KI-Mail-Helper import against databases built like its code builds
 * them (./kimh-fixture.ts), in SQLite and in PostgreSQL: counts and
 * checksums, a wrong password, the dry run, the second run, and that the
 * migrated user signs in, reads their mail with its analysis, and has a
 * rule that acts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { processNewMessage } from "../../src/analysis/process-new-message.ts";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { signInWithPassword } from "../../src/auth/sign-in.ts";
import { unwrapWithMaster } from "../../src/crypto/data-key.ts";
import { createApp } from "../../src/http/app.tsx";
import { identityKeys } from "../../src/mail/message-identity.ts";
import { parseMessage } from "../../src/mail/parse/parse-message.ts";
import { storeBatch } from "../../src/mail/sync/store.ts";
import { importKimh } from "../../src/migrate-kimh/import.ts";
import type { ImportReport, Table } from "../../src/migrate-kimh/report.ts";
import { openKimhSource } from "../../src/migrate-kimh/source.ts";
import { listRules } from "../../src/rules/store.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { makeMessage } from "../support/messages.ts";
import { testServices } from "../support/services.ts";
import { tempDir } from "../support/temp.ts";
import { client, cookieFor, sessionTokenFrom, signInAs } from "../support/users.ts";
import { buildKimhFixture, PASSWORDS, postgresTarget, sqliteTarget } from "./kimh-fixture.ts";

const sqlitePath = join(tempDir("kimh"), "kimh.db");
const fixture = sqliteTarget(sqlitePath);
await buildKimhFixture(fixture, "imap.example.org");
fixture.close();

const passwords = (overrides: Record<string, string> = {}) => {
  const all: Record<string, string> = { "anna@example.org": PASSWORDS.anna, "ben@example.org": PASSWORDS.ben, ...overrides };
  return async ({ email }: { email: string }) => all[email] ?? null;
};

/** One set of services (and master key) per database: a migrated user's key is wrapped by it. */
const servicesOf = new Map<string, ReturnType<typeof testServices>>();
const servicesFor = (db: { sql: Parameters<typeof testServices>[0]["sql"]; url: string }) => {
  if (!servicesOf.has(db.url)) servicesOf.set(db.url, testServices(db));
  return servicesOf.get(db.url)!;
};

async function run(db: { sql: Parameters<typeof testServices>[0]["sql"]; url: string }, from: string, options: { dryRun?: boolean; overrides?: Record<string, string> } = {}) {
  const services = servicesFor(db);
  const source = openKimhSource(from);
  try {
    return await importKimh({ sql: services.sql, keyring: services.keyring }, source, { dryRun: options.dryRun ?? false, passwordFor: passwords(options.overrides) });
  } finally {
    await source.close();
  }
}

const counts = (report: ImportReport, table: Table) => {
  const tally = report.tally(table);
  return { read: tally.read, written: tally.written, present: tally.present, skipped: tally.skippedCount };
};

/** What the fixture holds when both users come over: read, written, skipped. */
const EXPECTED: Record<Table, [number, number, number]> = {
  users: [2, 2, 0],
  mail_accounts: [3, 2, 1],
  raw_emails: [6, 4, 2],
  email_attachments: [1, 1, 0],
  processed_emails: [5, 4, 1],
  corrections: [1, 1, 0],
  email_tags: [2, 2, 0],
  email_tag_assignments: [2, 2, 0],
  sender_patterns: [2, 1, 1],
  trusted_senders: [2, 2, 0],
  spacy_vip_senders: [2, 1, 1],
  auto_rules: [4, 2, 2],
};

describe("import-kimh from SQLite", () => {
  const dbPromise = createTestDatabase();
  afterAll(async () => (await dbPromise).drop());

  test("a dry run reads and decrypts everything and writes nothing", async () => {
    const db = await dbPromise;
    const report = await run(db, `sqlite:${sqlitePath}`, { dryRun: true });
    for (const [table, [read, written, skipped]] of Object.entries(EXPECTED) as [Table, [number, number, number]][]) {
      expect({ table, ...counts(report, table) }).toEqual({ table, read, written, present: 0, skipped });
    }
    expect(report.format()).toContain("dry run: nothing was written");
    const [written] = await db.sql`select (select count(*)::int from users) as users, (select count(*)::int from kimh_imports) as mapped,
      (select count(*)::int from messages) as messages`;
    expect(written).toEqual({ users: 0, mapped: 0, messages: 0 });
  });

  test("a wrong password skips that user with the reason; the other comes over with equal checksums", async () => {
    const db = await dbPromise;
    const report = await run(db, `sqlite:${sqlitePath}`, { overrides: { "ben@example.org": "not Ben's password" } });
    expect(counts(report, "users")).toEqual({ read: 2, written: 1, present: 0, skipped: 1 });
    expect(report.tally("users").skipped.get("wrong password: its data key did not open")).toBe(1);
    expect(report.tally("raw_emails").skipped.get("its user was not migrated")).toBe(1);
    expect(report.consistent).toBe(true);
    for (const tally of report.tables.values()) expect(tally.targetLines.sort()).toEqual(tally.sourceLines.sort());
    const emails = await db.sql`select email, role, password_change_required, totp_enabled_at from users order by email`;
    expect([...emails]).toEqual([{ email: "anna@example.org", role: "admin", password_change_required: true, totp_enabled_at: null }]);
  });

  test("the next run brings the skipped user and leaves the first alone; a third run writes nothing", async () => {
    const db = await dbPromise;
    const second = await run(db, `sqlite:${sqlitePath}`);
    expect(counts(second, "users")).toEqual({ read: 2, written: 1, present: 1, skipped: 0 });
    expect(second.consistent).toBe(true);
    const rowsAfterSecond = await db.sql`select (select count(*)::int from messages) as messages, (select count(*)::int from rules) as rules,
      (select count(*)::int from vip_senders) as vips, (select count(*)::int from tags) as tags, (select count(*)::int from kimh_imports) as mapped`;

    const third = await run(db, `sqlite:${sqlitePath}`);
    for (const [table, [read, present, skipped]] of Object.entries(EXPECTED) as [Table, [number, number, number]][]) {
      expect({ table, ...counts(third, table) }).toEqual({ table, read, written: 0, present, skipped });
    }
    expect(third.consistent).toBe(true);
    const rowsAfterThird = await db.sql`select (select count(*)::int from messages) as messages, (select count(*)::int from rules) as rules,
      (select count(*)::int from vip_senders) as vips, (select count(*)::int from tags) as tags, (select count(*)::int from kimh_imports) as mapped`;
    expect(rowsAfterThird).toEqual(rowsAfterSecond);
    expect(rowsAfterThird[0]).toMatchObject({ messages: 4, rules: 2, vips: 3, tags: 2 });
  });

  test("the migrated user signs in with the old password into the second-factor set-up, and reads their analysed mail", async () => {
    const db = await dbPromise;
    const services = servicesFor(db);
    const signIn = await signInWithPassword(services, { email: "anna@example.org", password: PASSWORDS.anna, context: { userAgent: "test", clientAddress: "192.0.2.1" } });
    expect(signIn).toMatchObject({ ok: true, stage: "setup_second_factor" });

    const [user] = await db.sql<{ id: string; wrapped: Uint8Array; keyId: string }[]>`
      select id, dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where email = 'anna@example.org'`;
    const dataKey = unwrapWithMaster({ wrapped: user!.wrapped, keyId: user!.keyId }, services.keyring, user!.id);
    const [message] = await db.sql<{ id: string }[]>`
      select m.id from messages m join kimh_imports k on k.target_id = m.id::text and k.kind = 'raw_email' and k.source_id = '100'`;
    const analysis = await readAnalysis(db.sql, dataKey, user!.id, message!.id);
    expect(analysis?.analysis).toMatchObject({ urgency: { value: 3 }, importance: { value: 3 }, category: { value: "action_required" }, summary: "Zusammenfassung 300" });

    const [corrected] = await db.sql<{ id: string }[]>`select target_id::uuid as id from kimh_imports where kind = 'raw_email' and source_id = '101'`;
    const correctedAnalysis = await readAnalysis(db.sql, dataKey, user!.id, corrected!.id);
    expect(correctedAnalysis?.analysis.spam.value).toBe(true);
    expect(correctedAnalysis?.correctedFields).toContain("spam");

    // The forced password change has its own test below; here the page itself.
    await db.sql`update users set password_change_required = false where id = ${user!.id}`;
    const token = await signInAs(services, { id: user!.id, keyMode: "background" }, dataKey);
    const page = await createApp(services).request(`/messages/${message!.id}`, { headers: { Cookie: cookieFor(services, token) } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Ihre Rechnung für März");
    expect(html).toContain("Rechnung März.pdf");
  });

  test("after the second factor, the migrated user must choose a new password before anything else", async () => {
    const db = await dbPromise;
    const services = servicesFor(db);
    const [user] = await db.sql<{ id: string; wrapped: Uint8Array; keyId: string }[]>`
      select id, dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where email = 'ben@example.org'`;
    const dataKey = unwrapWithMaster({ wrapped: user!.wrapped, keyId: user!.keyId }, services.keyring, user!.id);
    const app = createApp(services);
    const browser = client(app, { cookie: cookieFor(services, await signInAs(services, { id: user!.id, keyMode: "background" }, dataKey)) });
    const home = await browser.get("/");
    expect([home.status, home.headers.get("location")]).toEqual([303, "/account/password"]);
    expect((await browser.json("/api/v1/messages")).status).toBe(403);
    expect(await (await browser.get("/account/password", { "Accept-Language": "de" })).text()).toContain("aus KI-Mail-Helper übernommen");

    const changed = await browser.post("/account/password", { current: PASSWORDS.ben, next: "Ein ganz neues Passwort für Ben 2026" });
    expect(changed.status).toBe(200);
    const renewed = client(app, { cookie: cookieFor(services, sessionTokenFrom(changed, services)!) });
    expect((await renewed.get("/")).status).toBe(200);
    const [flag] = await db.sql`select password_change_required from users where id = ${user!.id}`;
    expect(flag).toEqual({ password_change_required: false });
  });

  test("a migrated rule acts on new mail; what did not map was imported disabled", async () => {
    const db = await dbPromise;
    const services = servicesFor(db);
    const [user] = await db.sql<{ id: string; wrapped: Uint8Array; keyId: string }[]>`
      select id, dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where email = 'anna@example.org'`;
    const dataKey = unwrapWithMaster({ wrapped: user!.wrapped, keyId: user!.keyId }, services.keyring, user!.id);
    const rules = await listRules(db.sql, dataKey, user!.id);
    expect(rules.map((rule) => [rule.name, rule.enabled])).toEqual([
      ["Rechnungen", true],
      ["Lookahead", false],
    ]);

    const [inbox] = await db.sql<{ id: string; accountId: string }[]>`select id, account_id as "accountId" from folders where user_id = ${user!.id} and path = 'INBOX'`;
    const raw = makeMessage({ from: "Versorger <info@versorger.example>", to: "anna@example.org", subject: "Neue Rechnung 2026", body: "Ihre Rechnung ist da.", date: new Date() });
    const parsed = await parseMessage(new TextEncoder().encode(raw));
    await storeBatch(db.sql, { userId: user!.id, accountId: inbox!.accountId, folderId: inbox!.id, uidvalidity: 1700000000n, dataKey, identity: identityKeys(dataKey) }, [
      { uid: 99, flags: [], modseq: null, internalDate: new Date(), size: raw.length, parsed },
    ]);
    const [stored] = await db.sql<{ id: string }[]>`select message_id as id from message_copies where folder_id = ${inbox!.id} and uid = 99`;
    await processNewMessage({ sql: db.sql, keyring: services.keyring, config: services.config }, stored!.id);
    const tagged = await db.sql`select 1 from message_tags t join kimh_imports k on k.target_id = t.tag_id::text and k.kind = 'email_tag' and k.source_id = '600'
                                where t.message_id = ${stored!.id}`;
    expect(tagged.length).toBe(1);
    const journal = await db.sql`select action from action_journal where message_id = ${stored!.id}`;
    expect(journal.map((row) => row.action)).toContain("mark_read");
  });
});

describe("import-kimh from PostgreSQL", () => {
  test("the same database in PostgreSQL gives the same counts and equal checksums, and a dry run after it only finds rows present", async () => {
    const source = await createTestDatabase({ migrated: false });
    const db = await createTestDatabase();
    try {
      await buildKimhFixture(await postgresTarget(source.sql), "imap.example.org");
      const report = await run(db, source.url);
      for (const [table, [read, written, skipped]] of Object.entries(EXPECTED) as [Table, [number, number, number]][]) {
        expect({ table, ...counts(report, table) }).toEqual({ table, read, written, present: 0, skipped });
      }
      expect(report.consistent).toBe(true);
      const dry = await run(db, source.url, { dryRun: true });
      expect([...dry.tables.values()].reduce((sum, tally) => sum + tally.written, 0)).toBe(0);
    } finally {
      await source.drop();
      await db.drop();
    }
  });
});
