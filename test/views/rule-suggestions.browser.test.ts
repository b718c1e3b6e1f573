/**
 * Rules in a real Chromium against the real server, database, worker and
 * Dovecot, in German and English: a suggest-mode rule's suggestion shows as
 * a chip on the list and as a box on the message page; Apply moves the
 * message into "Wohnung" on the server and Undo brings it back to INBOX.
 * An act-mode rule run from /rules ("Regeln jetzt ausführen") files the
 * mail, its page follows the progress to done by itself, and "Undo whole
 * run" returns the mail to INBOX on the server. The test waits for the
 * worker's journal entries and the page's text, never for a time.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { startWorker } from "../../src/jobs/worker.ts";
import { parseRuleDefinition, type RuleMode } from "../../src/rules/rule-schema.ts";
import { executeRuleRun, startRuleRun } from "../../src/rules/runs.ts";
import { createRule } from "../../src/rules/store.ts";
import { withPage } from "../support/browser.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { waitFor } from "../support/wait.ts";
import { syncFixture, withClient, type SyncFixture } from "../mail/sync/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
const worker = await startWorker({ ...services, db }, { crontab: "# no entries" });
afterAll(async () => {
  await worker.stop();
  await close();
});

const INVOICE = "Rechnung Nebenkosten";
const FRIEND = "Kommst du morgen?";

/** A user whose Dovecot has "Wohnung" beside INBOX, and in INBOX an invoice from the landlord and a friend's mail, synced. */
async function mailbox(): Promise<SyncFixture> {
  const fixture = await syncFixture(services);
  await withClient(fixture, (client) => client.mailboxCreate("Wohnung"));
  (await dovecot()).seedMaildir(fixture.box.user, "INBOX", [
    makeMessage({
      from: "Hausverwaltung Müller <rechnung@hausverwaltung.example>",
      to: fixture.box.user,
      subject: INVOICE,
      body: "Anbei die Abrechnung.\n",
      date: new Date(Date.UTC(2026, 10, 20, 12)),
    }),
    makeMessage({ from: "Anna <anna@example.org>", to: fixture.box.user, subject: FRIEND, body: "Hallo!\n", date: new Date(Date.UTC(2026, 10, 20, 11)) }),
  ]);
  await fixture.sync();
  return fixture;
}

async function addRule(fixture: SyncFixture, mode: RuleMode) {
  const [wohnung] = await db.sql<{ id: string }[]>`select id from folders where account_id = ${fixture.account.id} and path = 'Wohnung'`;
  const parsed = parseRuleDefinition({ condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" }, actions: [{ type: "move", folderId: wohnung!.id }] });
  if (!parsed.ok) throw new Error(parsed.message);
  const created = await createRule(db.sql, fixture.user.dataKey, fixture.user.user.id, { name: "Hausverwaltung", mode, definition: parsed.definition });
  if (!created.ok) throw new Error(created.reason);
  return created.rule;
}

/** The subjects the server holds in `path` (another IMAP client looking). */
async function onServer(fixture: SyncFixture, path: string): Promise<string[]> {
  return await withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      return (await client.fetchAll("1:*", { envelope: true })).map((message) => message.envelope?.subject ?? "");
    } finally {
      lock.release();
    }
  });
}

/** How far the page reaches past a phone's screen sideways (0: it does not scroll sideways). */
async function sidewaysAtPhoneWidth(page: Page): Promise<number> {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  return overflow;
}

/** Waits until every journal entry of the user is carried out (or failed), and says which failed. */
async function settled(fixture: SyncFixture): Promise<string[]> {
  await waitFor(async () => (await db.sql`select 1 from action_journal where user_id = ${fixture.user.user.id} and state = 'pending'`).length === 0, {
    timeoutMs: 30_000,
    what: "the worker to carry out the actions",
  });
  return (await db.sql<{ error: string }[]>`select error from action_journal where user_id = ${fixture.user.user.id} and state = 'failed'`).map((row) => row.error);
}

describe.each(["de", "en"] as const)("rules in the browser (%s)", (lang) => {
  test("a suggestion shows as a list chip and on the message page; Apply moves the mail on the server, Undo brings it back", async () => {
    const fixture = await mailbox();
    await addRule(fixture, "suggest");
    const run = await startRuleRun(db.sql, fixture.user.user.id, {});
    if (!run.ok) throw new Error(run.reason);
    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, run.run.id)).toBe("done");
    // Suggest mode changed nothing on the server.
    expect(await onServer(fixture, "Wohnung")).toEqual([]);

    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages?sort=date`);
      const invoiceRow = page.locator("tr[data-message-id]", { hasText: INVOICE });
      const chip = invoiceRow.locator(".rule-suggestion-chip");
      expect(await chip.textContent()).toBe(t(lang, "ruleSuggestions.chip", { what: "→ Wohnung" }));
      expect(await page.locator("tr[data-message-id]", { hasText: FRIEND }).locator(".rule-suggestion-chip").count()).toBe(0);
      await watched.screenshot(`rule-suggestion-chip-${lang}`);
      await page.goto(`${baseUrl}/rules/suggestions`);
      await page.getByRole("button", { name: t(lang, "ruleSuggestions.applyAll") }).waitFor();
      expect(await sidewaysAtPhoneWidth(page)).toBe(0);
      await page.goto(`${baseUrl}/messages?sort=date`);

      await chip.click();
      const box = page.locator("#rule-suggestions");
      await box.getByText(`${t(lang, "ruleSuggestions.suggests", { name: "Hausverwaltung" })} ${t(lang, "ruleSuggestions.toFolder", { folder: "Wohnung" })}`).waitFor();
      await box.getByRole("button", { name: t(lang, "ruleSuggestions.apply") }).click();
      const undo = page.locator("#rule-suggestions").getByRole("button", { name: t(lang, "ruleSuggestions.undo") });
      await undo.waitFor();
      await watched.screenshot(`rule-suggestion-applied-${lang}`);
      expect(await settled(fixture)).toEqual([]);
      expect(await onServer(fixture, "Wohnung")).toEqual([INVOICE]);
      expect(await onServer(fixture, "INBOX")).toEqual([FRIEND]);

      await undo.click();
      await page
        .locator("#rule-suggestions")
        .getByText(t(lang, "ruleSuggestions.undone", { count: "1" }))
        .waitFor();
      expect(await settled(fixture)).toEqual([]);
      expect(await onServer(fixture, "Wohnung")).toEqual([]);
      expect((await onServer(fixture, "INBOX")).sort()).toEqual([FRIEND, INVOICE].sort());
    });
  });

  test("an act rule run from /rules files the mail; the run page follows it to done; Undo whole run returns the mail to INBOX", async () => {
    const fixture = await mailbox();
    await addRule(fixture, "act");
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/rules`);
      await page.getByLabel(t(lang, "ruleRuns.scope"), { exact: true }).selectOption({ label: t(lang, "accounts.role.inbox") });
      await page.getByLabel(t(lang, "ruleRuns.rules"), { exact: true }).selectOption({ label: "Hausverwaltung" });
      await page.getByRole("button", { name: t(lang, "ruleRuns.start") }).click();
      await page.waitForURL(/\/rules\/runs\/[0-9a-f-]{36}$/);
      // The page polls by itself: no reload until the run is done.
      await page.locator('#rule-run[data-state="done"]').waitFor({ timeout: 30_000 });
      expect(await page.locator(".run-progress").textContent()).toContain(t(lang, "ruleRuns.progress", { done: "2", total: "2", matched: "1" }));
      await page.locator("#rule-run tr[data-match-id]", { hasText: INVOICE }).waitFor();
      await watched.screenshot(`rule-run-done-${lang}`);
      expect(await sidewaysAtPhoneWidth(page)).toBe(0);
      expect(await settled(fixture)).toEqual([]);
      expect(await onServer(fixture, "Wohnung")).toEqual([INVOICE]);

      await page.getByRole("button", { name: t(lang, "ruleRuns.undoRun") }).click();
      await page
        .getByRole("status")
        .filter({ hasText: t(lang, "ruleRuns.undone", { count: "1" }) })
        .waitFor();
      expect(await settled(fixture)).toEqual([]);
      expect(await onServer(fixture, "Wohnung")).toEqual([]);
      expect((await onServer(fixture, "INBOX")).sort()).toEqual([FRIEND, INVOICE].sort());
    });
  });
});
