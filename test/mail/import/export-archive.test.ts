/**
 * Export → import into a fresh install (issue 21): a user synced from the
 * test Dovecot, with analyses, a correction, a tag, a rule that moves mail
 * to a folder, a VIP and settings, is exported; the archive is imported by
 * a new user of a second install (its own database and master key) and
 * that user then has the same mailbox (folders, messages, flags), the same
 * analyses and corrections, tags, rules, VIP list and settings. A missing
 * or wrong passphrase is refused before anything is queued; a second import
 * of the same archive adds nothing. Uploaded through the page by a user who
 * already has as many tags as allowed, the import page names what was
 * skipped and why in German; the API gives each note's code, parameters and
 * English text, and an old row's plain sentence as it is.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyCorrection } from "../../../src/analysis/corrections.ts";
import { readAnalysis } from "../../../src/analysis/analysis-store.ts";
import { exportFile, requestExport } from "../../../src/export/store.ts";
import { messageIdentities } from "../../../src/export/user-data.ts";
import type { JobContext } from "../../../src/jobs/define-task.ts";
import { getImport } from "../../../src/mail/import/imports.ts";
import { ImportRefused, queueImport, uploadDir } from "../../../src/mail/import/request.ts";
import { runImport } from "../../../src/mail/import/run-import.ts";
import { parseRuleDefinition } from "../../../src/rules/rule-schema.ts";
import { createRule, listRules } from "../../../src/rules/store.ts";
import { addVipSender, listVipSenders } from "../../../src/senders/vip.ts";
import { addTag } from "../../../src/tags/assign.ts";
import { createTag, listTags } from "../../../src/tags/store.ts";
import { MAX_TAGS_PER_USER } from "../../../src/tags/limits.ts";
import type { Sql } from "../../../src/db/connection.ts";
import buildExportTask from "../../../tasks/build_export.ts";
import { processMessages } from "../../analysis/support.ts";
import { syncFixture } from "../sync/fixtures.ts";
import { dovecot } from "../../support/dovecot.ts";
import { makeMessage } from "../../support/messages.ts";
import { openTestApp, type TestApp } from "../../support/test-app.ts";
import { tempDir } from "../../support/temp.ts";
import { client, createTestUser, FORM_HEADERS, type TestUser } from "../../support/users.ts";

const PASSPHRASE = "Leuchtturm Fahrrad Wolke 42";
const FAST_KDF = { N: 2 ** 14, r: 8, p: 1 };

const source = await openTestApp();
const fresh = await openTestApp();
afterAll(async () => {
  await source.db.drop();
  await fresh.db.drop();
});
const server = await dovecot();

// The user on the first install.
const fixture = await syncFixture(source.services, { server });
const owner = fixture.user;
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
]);
server.seedMaildir(fixture.box.user, "Rechnungen", [
  {
    raw: makeMessage({ from: "rechnung@hausverwaltung.example", to: "me@example.org", subject: "Rechnung Februar", body: "Bitte überweisen.", messageId: "<rechnung-feb@hausverwaltung.example>" }),
    flags: "SF",
  },
]);
await fixture.sync();
const ownerMessages = await source.db.sql<{ id: string }[]>`select id from messages where user_id = ${owner.user.id}`;
await processMessages(
  source.services,
  ownerMessages.map((row) => row.id),
);

async function byMessageId(sql: Sql, user: TestUser): Promise<Map<string, string>> {
  const identities = await messageIdentities(sql, user.dataKey, user.user.id);
  return new Map([...identities].map(([id, identity]) => ["messageId" in identity ? identity.messageId : identity.fingerprint, id]));
}

const ownerIds = await byMessageId(source.db.sql, owner);
const steuer = await createTag(source.db.sql, owner.dataKey, owner.user.id, "Steuer 2026", "red");
if (!steuer.ok) throw new Error("tag");
await addTag(source.db.sql, owner.dataKey, owner.user.id, steuer.tag.id, [ownerIds.get("rechnung-feb@hausverwaltung.example")!]);
const corrected = await applyCorrection(source.db.sql, owner.dataKey, owner.user.id, ownerIds.get("hallo-1@example.org")!, { urgency: 3, importance: 3 });
if (!corrected.ok) throw new Error(corrected.reason);
const [rechnungen] = await source.db.sql<{ id: string }[]>`select id from folders where user_id = ${owner.user.id} and path = 'Rechnungen'`;
const definition = parseRuleDefinition({
  condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
  actions: [
    { type: "add-tag", tagId: steuer.tag.id },
    { type: "move", folderId: rechnungen!.id },
  ],
});
if (!definition.ok) throw new Error(definition.message);
await createRule(source.db.sql, owner.dataKey, owner.user.id, { name: "Hausverwaltung", mode: "act", definition: definition.definition });
await addVipSender(source.db.sql, owner.dataKey, owner.user.id, "anna@example.org");
await source.db.sql`update users set waiting_days = 7, language = 'de' where id = ${owner.user.id}`;

const requested = await requestExport(source.db.sql, owner.dataKey, owner.user.id, PASSPHRASE, FAST_KDF);
if (!requested.ok) throw new Error(requested.reason);
const job: JobContext = {
  jobId: "test",
  attempt: 1,
  log: source.services.log,
  signal: undefined,
  sql: source.db.sql,
  config: source.services.config,
  keyring: source.services.keyring,
};
await buildExportTask.run({ exportId: requested.export.id }, job);
const archive = exportFile(source.services.config, requested.export.id);

/** The archive as an upload would leave it on the second install (the import removes its upload when done). */
function uploaded(): string {
  const path = join(tempDir("export-archive-upload"), "export.mhexport");
  copyFileSync(archive, path);
  return path;
}

/** Everything compared between the two installs, in words rather than ids. */
async function mailboxInWords({ db }: TestApp, user: TestUser) {
  const sql = db.sql;
  const ids = await byMessageId(sql, user);
  const folders = await sql<{ messageId: string; path: string; seen: boolean; flagged: boolean }[]>`
    select m.id as "messageId", f.path, m.seen, m.flagged
    from messages m join message_copies c on c.message_id = m.id join folders f on f.id = c.folder_id
    where m.user_id = ${user.user.id}`;
  const reverse = new Map([...ids].map(([key, id]) => [id, key]));
  const copies = folders.map((row) => `${reverse.get(row.messageId)} in ${row.path}${row.seen ? " seen" : ""}${row.flagged ? " flagged" : ""}`).sort();
  const analyses: Record<string, unknown> = {};
  for (const [key, id] of ids) {
    const stored = await readAnalysis(sql, user.dataKey, user.user.id, id);
    analyses[key] = stored && { analysis: stored.analysis, corrected: [...stored.correctedFields].sort() };
  }
  const tagNames = new Map((await listTags(sql, user.dataKey, user.user.id)).map((tag) => [tag.id, tag.name]));
  const tagged = (await sql<{ messageId: string; tagId: string }[]>`select message_id as "messageId", tag_id as "tagId" from message_tags where user_id = ${user.user.id}`)
    .map((row) => `${reverse.get(row.messageId)}: ${tagNames.get(row.tagId)}`)
    .sort();
  const folderPaths = new Map((await sql<{ id: string; path: string }[]>`select id, path from folders where user_id = ${user.user.id}`).map((row) => [row.id, `folder:${row.path}`]));
  const rules = (await listRules(sql, user.dataKey, user.user.id)).map((rule) =>
    JSON.parse(JSON.stringify({ name: rule.name, enabled: rule.enabled, mode: rule.mode, definition: rule.definition }), (_key, value) =>
      typeof value === "string" ? (folderPaths.get(value) ?? (tagNames.has(value) ? `tag:${tagNames.get(value)}` : value)) : value,
    ),
  );
  const vips = (await listVipSenders(sql, user.dataKey, user.user.id)).map((vip) => vip.value);
  const [settings] = await sql`select waiting_days as "waitingDays", language from users where id = ${user.user.id}`;
  return { copies, analyses, tagged, rules, vips, settings };
}

describe("an export imported into a fresh install", () => {
  const newcomer = createTestUser(fresh.services);

  test("without the passphrase, or with a wrong one, is refused at once: nothing queued, the upload removed", async () => {
    const user = await newcomer;
    for (const passphrase of [undefined, "falsches Passwort 123"]) {
      const path = uploaded();
      const error = await queueImport(fresh.db.sql, user.user.id, { source: "upload", label: "export.mhexport", path }, { dataKey: user.dataKey, passphrase }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRefused);
      expect((error as ImportRefused).reason).toBe(passphrase ? "wrong_passphrase" : "passphrase_needed");
      expect(existsSync(path)).toBe(false);
    }
    const [{ count }] = (await fresh.db.sql`select count(*)::int as count from mail_imports where user_id = ${user.user.id}`) as unknown as [{ count: number }];
    expect(count).toBe(0);
  });

  test("gives the same mailbox, analyses, corrections, tags, rules, VIP list and settings; the passphrase and files are gone after", async () => {
    const user = await newcomer;
    const path = uploaded();
    const queued = await queueImport(fresh.db.sql, user.user.id, { source: "upload", label: "export.mhexport", path }, { dataKey: user.dataKey, passphrase: PASSPHRASE });
    expect(await runImport(fresh.services, { importId: queued.id, userId: user.user.id })).toBe("done");

    const row = await getImport(fresh.db.sql, user.user.id, queued.id);
    expect(row).toMatchObject({ state: "done", format: "export", total: 3, processed: 3, imported: 3, duplicates: 0 });
    expect(row!.restoreReport!.rules).toEqual({ applied: 1, skipped: 0 });
    expect(row!.restoreReport!.analyses.applied).toBe(3);
    const [{ sealed }] = (await fresh.db.sql`select passphrase_encrypted as sealed from mail_imports where id = ${queued.id}`) as unknown as [{ sealed: Uint8Array | null }];
    expect(sealed).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.opened`)).toBe(false);

    const [account] = await fresh.db.sql<{ kind: string; label: string }[]>`select kind, label from mail_accounts where user_id = ${user.user.id}`;
    expect(account).toEqual({ kind: "offline", label: "Test" });

    const before = await mailboxInWords(source, owner);
    const after = await mailboxInWords(fresh, user);
    expect(after.copies).toEqual(before.copies);
    expect(after.copies).toContain("rechnung-feb@hausverwaltung.example in Rechnungen seen flagged");
    expect(after.analyses).toEqual(before.analyses);
    expect((after.analyses["hallo-1@example.org"] as { corrected: string[] }).corrected).toEqual(["importance", "urgency"]);
    expect(after.tagged).toEqual(["rechnung-feb@hausverwaltung.example: Steuer 2026"]);
    expect(after.rules).toEqual(before.rules);
    expect(after.vips).toEqual(["anna@example.org"]);
    expect(after.settings).toEqual({ waitingDays: 7, language: "de" });
  });

  test("uploaded on the German page by a user with as many tags as allowed: the notes in German, in the API as code, parameters and English", async () => {
    const user = await createTestUser(fresh.services);
    for (let n = 0; n < MAX_TAGS_PER_USER; n++) if (!(await createTag(fresh.db.sql, user.dataKey, user.user.id, `Vorhanden ${n}`, null)).ok) throw new Error("tag");
    const page = client(fresh.app, { cookie: user.cookie });
    const uploads = () => (existsSync(uploadDir(fresh.services.config)) ? readdirSync(uploadDir(fresh.services.config)) : []);
    const before = uploads();
    const post = (passphrase: string) => {
      const form = new FormData();
      form.append("file", new File([readFileSync(archive)], "export.mhexport"));
      form.append("passphrase", passphrase);
      return fresh.app.request("/imports", { method: "POST", headers: { Cookie: user.cookie, Origin: FORM_HEADERS.Origin }, body: form });
    };
    const refused = await post("falsches Passwort 123");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Falsche Passphrase für dieses Export-Archiv.");
    expect(uploads()).toEqual(before);
    const accepted = await post(PASSPHRASE);
    expect(accepted.status).toBe(303);
    const importId = accepted.headers.get("location")!.slice("/imports/".length);
    expect(await runImport(fresh.services, { importId, userId: user.user.id })).toBe("done");

    const html = await (await page.get(`/imports/${importId}`)).text();
    const notes = [...html.matchAll(/<li class="import-restore-note" data-note="(\w+)">([^<]*)<\/li>/g)].map(([, code, text]) => `${code}: ${text}`);
    expect(notes).toEqual([
      "tag_limit: Tag „Steuer 2026“: nicht angelegt, Sie haben schon so viele Tags wie erlaubt.",
      "tag_assignments_missing: Tag-Zuordnungen, deren Nachricht oder Tag es hier nicht gibt: 1",
      "rule_unmapped: Regel „Hausverwaltung“: nennt einen Ordner, ein Tag oder ein Konto, das es hier nicht gibt.",
    ]);
    const api = (await (await page.json(`/api/v1/imports/${importId}`)).json()) as { restored: { tags: unknown; notes: unknown[] } };
    expect(api.restored.tags).toEqual({ applied: 0, skipped: 1 });
    expect(api.restored.notes).toEqual([
      { code: "tag_limit", params: { tag: "Steuer 2026" }, text: 'Tag "Steuer 2026": not created, you already have as many tags as allowed.' },
      { code: "tag_assignments_missing", params: { count: 1 }, text: "Tag assignments whose message or tag is not here: 1" },
      { code: "rule_unmapped", params: { rule: "Hausverwaltung" }, text: 'Rule "Hausverwaltung": names a folder, tag or account not found here.' },
    ]);

    // A row from before the codes holds English sentences: shown as they are, in the API as text alone.
    await fresh.db.sql`update mail_imports set restore_report = jsonb_set(restore_report, '{notes}', '["1 analyses are of messages not found here"]') where id = ${importId}`;
    expect(await (await page.get(`/imports/${importId}`)).text()).toContain('<li class="import-restore-note">1 analyses are of messages not found here</li>');
    const old = (await (await page.json(`/api/v1/imports/${importId}`)).json()) as { restored: { notes: unknown[] } };
    expect(old.restored.notes).toEqual([{ code: null, params: {}, text: "1 analyses are of messages not found here" }]);
  }, 60_000);

  test("a second import of the same archive adds nothing", async () => {
    const user = await newcomer;
    const queued = await queueImport(fresh.db.sql, user.user.id, { source: "upload", label: "export.mhexport", path: uploaded() }, { dataKey: user.dataKey, passphrase: PASSPHRASE });
    expect(await runImport(fresh.services, { importId: queued.id, userId: user.user.id })).toBe("done");
    const row = await getImport(fresh.db.sql, user.user.id, queued.id);
    expect(row).toMatchObject({ imported: 0, duplicates: 3 });
    for (const part of ["analyses", "corrections", "tags", "tagAssignments", "rules", "vipSenders"] as const) expect(row!.restoreReport![part].applied).toBe(0);
    const [{ accounts, messages }] = (await fresh.db.sql`
      select (select count(*)::int from mail_accounts where user_id = ${user.user.id}) as accounts,
             (select count(*)::int from messages where user_id = ${user.user.id}) as messages`) as unknown as [{ accounts: number; messages: number }];
    expect({ accounts, messages }).toEqual({ accounts: 1, messages: 3 });
  });
});
