/**
 * Imports against the real PostgreSQL, as the import_mail task runs them:
 * a generated 10,000-message mbox with progress rising while it runs, all
 * stored and searchable, and a second import skipping every message as a
 * duplicate; the MIME torture corpus with every message accounted for and
 * the unreadable ones listed with reasons; Maildir flags kept; a rule acting
 * on imported mail (locally: the account has no server); another user's
 * import not found; offline accounts never synced, polled or IDLE'd.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listMessages } from "../../../src/inbox/list.ts";
import { parseListQuery } from "../../../src/inbox/list-query.ts";
import { applyMessageAction } from "../../../src/mail/actions/apply.ts";
import { getImport } from "../../../src/mail/import/imports.ts";
import { queueImport } from "../../../src/mail/import/request.ts";
import { runImport } from "../../../src/mail/import/run-import.ts";
import { accountsDueForFullSync } from "../../../src/mail/sync/poll.ts";
import { syncAccount } from "../../../src/mail/sync/sync-account.ts";
import { parseRuleDefinition } from "../../../src/rules/rule-schema.ts";
import { createRule } from "../../../src/rules/store.ts";
import { processMessages } from "../../analysis/support.ts";
import { mimeTortureDir } from "../../support/corpora.ts";
import { makeMessage } from "../../support/messages.ts";
import { tempDir } from "../../support/temp.ts";
import { openTestApp } from "../../support/test-app.ts";
import { createTestUser, type TestUser } from "../../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

/** An mboxrd of `messages`: a "From " line before each, body lines starting with ">*From " quoted once more. */
/** Today's asctime date ("Tue Dec  8 02:10:00 2026"), as an mbox "From " line carries it: the import takes it as the arrival, and rules act only on mail that arrived lately. */
function asctimeNow(): string {
  const [weekday, day, month, year, time] = new Date().toUTCString().split(" ");
  return `${weekday!.slice(0, 3)} ${month} ${String(Number(day)).padStart(2, " ")} ${time} ${year}`;
}

function mboxrd(messages: string[]): string {
  return messages.map((message) => `From import@example.org ${asctimeNow()}\n${message.replace(/^(>*From )/gm, ">$1")}${message.endsWith("\n") ? "" : "\n"}\n`).join("");
}

async function importFile(user: TestUser, path: string, label: string) {
  const queued = await queueImport(db.sql, user.user.id, { source: "path", label, path });
  expect(await runImport(services, { importId: queued.id, userId: user.user.id })).toBe("done");
  return (await getImport(db.sql, user.user.id, queued.id))!;
}

const countIn = async (accountId: string | null) => (await db.sql<{ n: number }[]>`select count(*)::int as n from messages where account_id = ${accountId}`)[0]!.n;

describe("importing an mbox", () => {
  test("10,000 messages: progress rises while it runs, all are stored and searchable, a second import skips them all", async () => {
    const user = await createTestUser(services);
    const messages = Array.from({ length: 10_000 }, (_, n) =>
      makeMessage({
        from: `Absender ${n % 97} <sender${n % 97}@example.org>`,
        to: "me@example.org",
        subject: `Nachricht ${n}`,
        body: n === 4321 ? "Das Wort Quittenbrot steht nur hier.\nFrom here on a line that needs quoting." : `Text ${n}`,
      }).replaceAll("\r\n", "\n"),
    );
    const path = join(tempDir("mbox"), "Archiv.mbox");
    writeFileSync(path, mboxrd(messages));

    const queued = await queueImport(db.sql, user.user.id, { source: "path", label: "Archiv.mbox", path });
    const [job] = await db.sql`
      select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'import_mail' and j.payload->>'importId' = ${queued.id}`;
    expect(job!.payload).toEqual({ importId: queued.id, userId: user.user.id });
    const seen: number[] = [];
    let running = true;
    const watching = (async () => {
      while (running) {
        seen.push((await getImport(db.sql, user.user.id, queued.id))!.processed);
        await Bun.sleep(50);
      }
    })();
    await runImport(services, { importId: queued.id, userId: user.user.id });
    running = false;
    await watching;
    const done = (await getImport(db.sql, user.user.id, queued.id))!;
    expect(done).toMatchObject({ state: "done", total: 10_000, processed: 10_000, imported: 10_000, duplicates: 0, unreadable: [] });
    // Seen between the first and the last batch: progress was visible while it ran.
    expect(new Set(seen.filter((processed) => processed > 0 && processed < 10_000)).size).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    expect(await countIn(done.accountId)).toBe(10_000);
    const [account] = await db.sql`select kind, label from mail_accounts where id = ${done.accountId}`;
    expect(account).toEqual({ kind: "offline", label: "Archiv.mbox" });
    const [folder] = await db.sql`select path, uidvalidity::int from folders where account_id = ${done.accountId}`;
    expect(folder).toEqual({ path: "Archiv", uidvalidity: 1 });
    const found = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ q: "quittenbrot" }));
    expect(found.messages.map((message) => message.subject)).toEqual(["Nachricht 4321"]);

    const again = await importFile(user, path, "Archiv.mbox");
    expect(again).toMatchObject({ state: "done", total: 10_000, imported: 0, duplicates: 10_000 });
    expect(await countIn(again.accountId)).toBe(0);
  }, 600_000);

  test("the MIME torture corpus: every message imported or listed, the unreadable with their reasons, nothing lost", async () => {
    const user = await createTestUser(services);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (!name.endsWith(".md")) files.push(path);
      }
    };
    walk(mimeTortureDir());
    const raws = files.map((path) => readFileSync(path).toString("latin1"));
    const path = join(tempDir("torture"), "INBOX.mbox");
    writeFileSync(path, Buffer.from(mboxrd(raws), "latin1"));

    const done = await importFile(user, path, "torture.mbox");
    expect(done.state).toBe("done");
    expect(done.total).toBe(files.length);
    const notStored = done.unreadable.filter((entry) => !entry.stored).length;
    // Nothing lost: each message was stored, was a duplicate of another in the corpus, or is listed as not stored.
    expect(done.imported + done.duplicates + notStored).toBe(files.length);
    expect(await countIn(done.accountId)).toBe(done.imported);
    expect(done.unreadable.length).toBeGreaterThan(0);
    for (const entry of done.unreadable) {
      expect(entry.reasons.length).toBeGreaterThan(0);
      expect(entry.name).toMatch(/^torture\.mbox #\d+$/);
    }
  }, 300_000);
});

describe("importing a Maildir", () => {
  test("flags from the file names are kept on the copies and the messages; subfolders become folders", async () => {
    const user = await createTestUser(services);
    const root = tempDir("maildir");
    for (const dir of ["cur", "new", ".Projekte/cur"]) mkdirSync(join(root, dir), { recursive: true });
    const mail = (subject: string) => makeMessage({ from: "Anna <anna@example.org>", to: "me@example.org", subject, body: "Hallo" });
    writeFileSync(join(root, "cur", "1700000001.a.host:2,FS"), mail("gelesen und markiert"));
    writeFileSync(join(root, "cur", "1700000002.b.host:2,RS"), mail("beantwortet"));
    writeFileSync(join(root, "new", "1700000003.c.host"), mail("neu"));
    writeFileSync(join(root, ".Projekte", "cur", "1700000004.d.host:2,"), mail("im Projekt"));
    const done = await importFile(user, root, "maildir");
    expect(done).toMatchObject({ state: "done", format: "maildir", total: 4, imported: 4 });
    const copies = await db.sql<{ path: string; flags: string[]; seen: boolean; flagged: boolean; answered: boolean }[]>`
      select f.path, c.flags, m.seen, m.flagged, m.answered from message_copies c join folders f on f.id = c.folder_id join messages m on m.id = c.message_id
      where f.account_id = ${done.accountId} order by c.uid, f.path`;
    expect([...copies].sort((a, b) => a.flags.length - b.flags.length || a.path.localeCompare(b.path))).toEqual([
      { path: "INBOX", flags: [], seen: false, flagged: false, answered: false },
      { path: "Projekte", flags: [], seen: false, flagged: false, answered: false },
      { path: "INBOX", flags: ["\\Flagged", "\\Seen"], seen: true, flagged: true, answered: false },
      { path: "INBOX", flags: ["\\Answered", "\\Seen"], seen: true, flagged: false, answered: true },
    ]);
    const [inbox] = await db.sql`select special_use from folders where account_id = ${done.accountId} and path = 'INBOX'`;
    expect(inbox!.special_use).toBe("inbox");
  }, 60_000);
});

describe("offline mail in the rest of the product", () => {
  test("a rule acts on imported mail, locally; what needs a server is recorded as not applicable", async () => {
    const user = await createTestUser(services);
    const path = join(tempDir("rules"), "INBOX.mbox");
    writeFileSync(
      path,
      mboxrd([
        makeMessage({ from: "Hausverwaltung Müller <rechnung@hausverwaltung.example>", to: "me@example.org", subject: "Rechnung 1", body: "Nebenkosten" }),
        makeMessage({ from: "Anna <anna@example.org>", to: "me@example.org", subject: "Hallo", body: "Kommst du?" }),
      ]),
    );
    const parsed = parseRuleDefinition({ condition: { type: "text", field: "from", match: "contains", value: "HAUSVERWALTUNG" }, actions: [{ type: "flag" }, { type: "archive" }] });
    if (!parsed.ok) throw new Error(parsed.message);
    const rule = await createRule(db.sql, user.dataKey, user.user.id, { name: "Hausverwaltung", mode: "act", definition: parsed.definition });
    expect(rule.ok).toBe(true);
    const done = await importFile(user, path, "INBOX.mbox");
    const ids = (await db.sql<{ id: string }[]>`select id from messages where account_id = ${done.accountId}`).map((row) => row.id);
    expect(ids).toHaveLength(2);
    await processMessages(services, ids);
    const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${user.user.id} and state = 'pending' order by created_at, id`;
    expect(pending.length).toBeGreaterThan(0);
    for (const { id } of pending) await applyMessageAction(services, { journalId: id, userId: user.user.id, holder: "test" });
    const journal = await db.sql`select action, state from action_journal where user_id = ${user.user.id} order by action`;
    expect([...journal]).toEqual([
      { action: "archive", state: "done" },
      { action: "flag", state: "done" },
    ]);
    const [landlord] = await db.sql<{ path: string; flags: string[]; flagged: boolean }[]>`
      select f.path, c.flags, m.flagged from messages m join message_copies c on c.message_id = m.id join folders f on f.id = c.folder_id
      where m.account_id = ${done.accountId} and m.flagged`;
    expect(landlord).toEqual({ path: "Archive", flags: ["\\Flagged"], flagged: true });

    // A copy needs a server (an IMAP COPY): journaled as not applicable, nothing changed.
    const [inbox] = await db.sql<{ id: string }[]>`select id from folders where account_id = ${done.accountId} and path = 'INBOX'`;
    const [copy] = await db.sql<{ id: string }[]>`
      insert into action_journal (user_id, account_id, message_id, action, params, state)
      values (${user.user.id}, ${done.accountId}, ${ids[0]!}, 'copy', ${db.sql.json({ action: "copy", folderId: inbox!.id })}, 'pending') returning id`;
    expect(await applyMessageAction(services, { journalId: copy!.id, userId: user.user.id, holder: "test" })).toBe("failed");
    const [journalled] = await db.sql`select error from action_journal where id = ${copy!.id}`;
    expect(journalled!.error).toStartWith("not applicable");
    const [copies] = await db.sql`select count(*)::int as n from message_copies c join messages m on m.id = c.message_id where m.account_id = ${done.accountId}`;
    expect(copies!.n).toBe(2);
  }, 60_000);

  test("another user's import is not found; offline accounts are never synced, polled or IDLE'd", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const path = join(tempDir("own"), "mail.eml");
    writeFileSync(path, makeMessage({ from: "a@example.org", to: "b@example.org", subject: "eins", body: "x" }));
    const done = await importFile(owner, path, "mail.eml");
    expect(done.imported).toBe(1);
    expect(await getImport(db.sql, other.user.id, done.id)).toBeUndefined();
    expect(await runImport(services, { importId: done.id, userId: other.user.id })).toBe("skipped");

    const due = await accountsDueForFullSync(db.sql, services.config);
    expect(due.map((account) => account.id)).not.toContain(done.accountId);
    expect(await syncAccount(services, { accountId: done.accountId!, userId: owner.user.id, scope: "all", holder: "test" })).toEqual({ status: "skipped", reason: "offline" });
    const [idle] = await db.sql`select count(*)::int as n from imap_leases where account_id = ${done.accountId}`;
    expect(idle!.n).toBe(0);
  }, 60_000);
});

describe("an import that cannot be queued", () => {
  test("an upload is removed when the database refuses it; a server path, the administrator's own file, stays", async () => {
    const dir = tempDir("unqueued");
    const upload = join(dir, "upload.mbox");
    const serverFile = join(dir, "server.mbox");
    for (const path of [upload, serverFile])
      writeFileSync(path, `From a@example.org Mon Dec  7 01:46:59 2026\n${makeMessage({ from: "a@example.org", to: "b@example.org", subject: "eins", body: "Hallo" })}\n`);
    const nobody = crypto.randomUUID(); // no such user: the row's foreign key fails
    await expect(queueImport(db.sql, nobody, { source: "upload", label: "upload.mbox", path: upload })).rejects.toThrow();
    await expect(queueImport(db.sql, nobody, { source: "path", label: "server.mbox", path: serverFile })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["server.mbox"]);
  });
});
