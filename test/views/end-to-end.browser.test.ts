/**
 * The whole product in a real Chromium, against the real server processes
 * (`bun src/main.ts web`, then `… worker`), PostgreSQL and Dovecot: sign up
 * on a new install → second factor → add the Dovecot mailbox → watch the
 * sync's progress → the dashboard's counts equal the database's → search
 * finds a word that is only in the body of a message on page 5 → open it →
 * correct its priority → mark it done → it leaves the open list.
 * Screenshots of each page land in test-results/screenshots/.
 *
 * The worker starts only once the account page shows the sync queued: with
 * both in one process a small mailbox can be synced before the page first
 * renders, and the test could not tell progress shown from progress skipped.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { t, type MessageKey } from "../../src/i18n/messages.ts";
import { startApp, type AppProcess } from "../support/app-process.ts";
import { markDocument, submit, withPage } from "../support/browser.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { waitFor } from "../support/wait.ts";

const MESSAGES = 230;
const PAGE_SIZE = 50;
const lang = "de" as const;

const db = await createTestDatabase();
const appEnv = { DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), "mh-e2e-")), LOG_LEVEL: "warn" };
const app = await startApp("web", appEnv);
let worker: AppProcess | undefined;
afterAll(async () => {
  await worker?.stop();
  await app.stop();
  await db.drop();
});
await app.waitForReady(30_000, "/healthz"); // no worker yet: it starts once the account page shows the sync queued
const server = await dovecot();

const field = (page: Page, key: MessageKey) => page.getByLabel(t(lang, key), { exact: true });
const button = (page: Page, key: MessageKey) => page.getByRole("button", { name: t(lang, key), exact: true });

/** A word of letters only (the search index splits at digits), different for every message. */
const secretWord = (n: number) => `kobold${[...String(n).padStart(3, "0")].map((digit) => "abcdefghij"[Number(digit)]).join("")}`;

test("sign-up to done: sync, dashboard, search on page 5, correction, done", async () => {
  const box = server.createMailbox();
  const now = Date.now();
  server.seedMaildir(
    box.user,
    "INBOX",
    Array.from({ length: MESSAGES }, (_, n) =>
      makeMessage({
        from: `Person ${n} <person${n}@example.org>`,
        to: box.user,
        subject: `Nachricht ${n}`,
        body: `Hallo,\n\nhier ist der Bericht Nummer ${n}. Das Stichwort lautet ${secretWord(n)}.\n\nGrüße`,
        date: new Date(now - n * 60_000),
      }),
    ),
  );

  await withPage(app.url, { lang }, async (watched) => {
    const { page } = watched;
    // A new install: the first account, then its second factor.
    await page.goto(`${app.url}/`);
    await Promise.all([page.waitForURL(`${app.url}/signup`), page.getByRole("link", { name: t(lang, "signin.firstRunLink") }).click()]);
    await field(page, "signin.email").fill("erika@example.org");
    await field(page, "signup.name").fill("Erika Muster");
    await field(page, "signin.password").fill("Leuchtturm Kaffee Wolke Rad");
    await watched.screenshot("e2e-1-signup-de");
    await submit(page, button(page, "signup.submit"));
    await page.locator(".qr svg").waitFor();
    const secret = (await page.locator("code.secret").textContent())!.replace(/\s/g, "");
    await watched.screenshot("e2e-2-second-factor-de");
    await field(page, "secondFactor.code").fill(currentTotpCode(secret, Date.now()));
    await submit(page, button(page, "setup.submit"));
    await Promise.all([page.waitForURL(`${app.url}/`), page.getByRole("link", { name: t(lang, "recovery.continue") }).click()]);

    // The mailbox, through the form; the account page follows the sync the worker runs.
    await page.goto(`${app.url}/accounts/new`);
    await field(page, "accounts.field.label").fill("Dovecot");
    await field(page, "accounts.field.host").fill(box.host);
    await field(page, "accounts.field.port").fill(String(box.tlsPort));
    await field(page, "accounts.field.security").selectOption("tls");
    await field(page, "accounts.field.username").fill(box.user);
    await field(page, "accounts.field.password").fill(box.password);
    await field(page, "accounts.field.tlsCa").fill(box.ca);
    await submit(page, button(page, "accounts.submit.new"));
    const progress = page.locator("#sync-progress");
    expect(await progress.getAttribute("data-phase")).toBe("queued");
    expect(await progress.getAttribute("data-polling")).toBe("true");
    // The page follows the sync by polling, without being reloaded.
    const notReloaded = await markDocument(page);
    worker = await startApp("worker", appEnv);
    await page.locator('#sync-progress[data-phase="done"]').waitFor({ timeout: 60_000 });
    expect(await notReloaded()).toBe(true);
    expect(await progress.getAttribute("data-polling")).toBe("false");
    // The count of this run is not checked: IDLE's catch-up sync may have followed the first one and found nothing new.
    expect(await progress.locator(".stored").textContent()).toBe(MESSAGES.toLocaleString("de-DE"));
    // The sync's end also refreshed what it changed on the page: the last sync, and the inbox's count and date.
    const lastSync = page.locator("#account-facts dd").nth(2);
    expect(await lastSync.textContent()).not.toBe(t(lang, "accounts.never"));
    const inbox = page.locator('#account-folders tr[data-role="inbox"] td');
    expect(await inbox.nth(2).textContent()).toBe(String(MESSAGES));
    expect(await inbox.nth(3).textContent()).not.toBe(t(lang, "accounts.never"));
    await watched.screenshot("e2e-3-account-synced-de");

    // Every message analysed by the worker; the dashboard's matrix equals the database.
    await waitFor(async () => Number((await db.sql`select count(*)::int as n from analyses`)[0]!.n) === MESSAGES, { timeoutMs: 60_000, what: "every message to be analysed" });
    await page.goto(`${app.url}/`);
    const expected = await db.sql<{ cell: string; n: number }[]>`
      select urgency || ',' || importance as cell, count(*)::int as n from analyses a join messages m on m.id = a.message_id
      where m.done_at is null and m.orphaned_at is null group by 1`;
    for (const urgency of [1, 2, 3]) {
      for (const importance of [1, 2, 3]) {
        const cell = `${urgency},${importance}`;
        expect(`${cell}: ${await page.locator(`td[data-cell="${cell}"]`).getAttribute("data-count")}`).toBe(`${cell}: ${expected.find((row) => row.cell === cell)?.n ?? 0}`);
      }
    }
    await watched.screenshot("e2e-4-dashboard-de");

    // Page 5 of the list; the word in the body of its first message is found by searching all mail.
    await page.goto(`${app.url}/messages`);
    for (let pageNumber = 2; pageNumber <= 5; pageNumber++) await Promise.all([page.waitForURL(/after=/), page.locator('a[rel="next"]').first().click()]);
    const rows = page.locator("tr[data-message-id]");
    expect(await rows.count()).toBe(MESSAGES - 4 * PAGE_SIZE);
    const subject = (await rows.first().locator("td.subject").textContent())!.trim();
    const n = Number(/Nachricht (\d+)/.exec(subject)![1]);
    await watched.screenshot("e2e-5-list-page-5-de");
    await page.goto(`${app.url}/messages`);
    await field(page, "list.search.label").fill(secretWord(n));
    await field(page, "list.search.label").press("Enter");
    await page.waitForURL(/q=kobold/);
    expect(await rows.count()).toBe(1);
    expect((await rows.first().locator("td.subject").textContent())!.trim()).toBe(subject);
    await watched.screenshot("e2e-6-search-de");

    // Open it, correct its priority, mark it done.
    await Promise.all([page.waitForURL(/\/messages\/[0-9a-f-]{36}\?list=/), rows.first().locator("td.subject a").click()]);
    const messageId = /\/messages\/([0-9a-f-]{36})\?/.exec(page.url())![1]!;
    await page.locator(".mh-correct summary").click();
    await page.locator("#correct-urgency").selectOption("3");
    await page.locator("#correct-importance").selectOption("3");
    await submit(page, button(page, "message.ai.saveCorrection"));
    expect(await page.locator(".mh-score").textContent()).toBe(t(lang, "message.ai.scoreValue", { score: "9" }));
    expect(await db.sql`select urgency, importance, score from analyses where message_id = ${messageId}`).toEqual([{ urgency: 3, importance: 3, score: 9 }] as never);
    await watched.screenshot("e2e-7-message-corrected-de");
    await submit(page, button(page, "message.action.done"));
    expect(await page.locator(".mh-done").count()).toBe(1);

    // Gone from the open list (and from a search in it); a search over all mail, as a search is by default, still finds it.
    await page.goto(`${app.url}/messages?q=${secretWord(n)}&done=open`);
    expect(await rows.count()).toBe(0);
    await page.goto(`${app.url}/messages?q=${secretWord(n)}`);
    expect(await rows.count()).toBe(1);
    await page.goto(`${app.url}/messages`);
    expect(await page.locator(`tr[data-message-id="${messageId}"]`).count()).toBe(0);
    await watched.screenshot("e2e-8-open-list-after-done-de");
  });
}, 180_000);
