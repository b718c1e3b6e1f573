/**
 * The mailbox pages in a real Chromium against the real server, database
 * and Dovecot, in German and English: adding a mailbox through the form
 * (the self-signed certificate pasted in), its page with folders and live
 * progress, a folder toggled in place, a refused password, and the list's
 * actions. No worker runs here: a queued sync stays queued unless a test
 * removes the job.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import { createMailAccount, getMailAccount } from "../../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders } from "../../src/mail/folders.ts";
import { markDocument, submit, withPage } from "../support/browser.ts";
import { dovecot, type TestMailbox } from "../support/dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { waitFor } from "../support/wait.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);
const server = await dovecot();

const field = (page: Page, lang: Lang, key: MessageKey) => page.getByLabel(t(lang, key), { exact: true });
const button = (page: Page, lang: Lang, key: MessageKey) => page.getByRole("button", { name: t(lang, key), exact: true });

async function fillForm(page: Page, lang: Lang, box: TestMailbox, password: string) {
  await field(page, lang, "accounts.field.label").fill(lang === "de" ? "Arbeit" : "Work");
  await field(page, lang, "accounts.field.host").fill(box.host);
  await field(page, lang, "accounts.field.port").fill(String(box.tlsPort));
  await field(page, lang, "accounts.field.security").selectOption("tls");
  await field(page, lang, "accounts.field.username").fill(box.user);
  await field(page, lang, "accounts.field.password").fill(password);
  await field(page, lang, "accounts.field.tlsCa").fill(box.ca);
}

describe.each(["de", "en"] as const)("adding a mailbox (%s)", (lang) => {
  test("through the form with the pinned certificate; the account page shows its folders; a folder is toggled in place", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/accounts`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "accounts.title"));
      expect(await page.locator("p.empty").textContent()).toBe(t(lang, "accounts.none"));
      await page.getByRole("link", { name: t(lang, "accounts.add"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/accounts/new`);
      expect(await field(page, lang, "accounts.field.port").inputValue()).toBe("993");
      expect(await page.locator("#security-hint").textContent()).toBe(t(lang, "accounts.security.noneWarning"));

      await fillForm(page, lang, box, box.password);
      await watched.screenshot(`accounts-new-${lang}`);
      await submit(page, button(page, lang, "accounts.submit.new"));

      const url = new URL(page.url());
      const accountId = /^\/accounts\/([0-9a-f-]{36})$/.exec(url.pathname)![1]!;
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "accounts.added"));
      expect(await page.locator("h1").textContent()).toBe(lang === "de" ? "Arbeit" : "Work");
      const rows = page.locator("table.folders tbody tr");
      expect(await rows.count()).toBe(6);
      expect(await rows.first().locator("td.role").textContent()).toBe(t(lang, "accounts.role.inbox"));
      const roles = await page.locator("table.folders td.role").allTextContents();
      expect(roles.sort()).toEqual((["inbox", "sent", "drafts", "trash", "junk", "archive"] as const).map((role) => t(lang, `accounts.role.${role}`)).sort());
      // The first sync waits for a worker, and the page keeps asking.
      expect(await page.locator("#sync-progress").getAttribute("data-phase")).toBe("queued");
      expect(await page.locator("#sync-progress .phase").textContent()).toBe(t(lang, "accounts.phase.queued"));
      // The edit form shows the user name, not the password.
      expect(await page.locator("#edit").getByLabel(t(lang, "accounts.field.username"), { exact: true }).inputValue()).toBe(box.user);
      expect(await page.locator("#edit").getByLabel(t(lang, "accounts.field.password"), { exact: true }).inputValue()).toBe("");
      await watched.screenshot(`accounts-page-${lang}`);

      const junk = page.locator("table.folders tr", { has: page.locator("td.role", { hasText: t(lang, "accounts.role.junk") }) });
      // Named by its role ("Spam"), not by the server's name Junk.
      const checkbox = junk.getByRole("checkbox", { name: `${t(lang, "accounts.folder.include")}: ${t(lang, "accounts.role.junk")}` });
      expect(await checkbox.isChecked()).toBe(true);
      const notReloaded = await markDocument(page);
      await checkbox.uncheck();
      await page.locator('table.folders tr[data-selected="false"]').waitFor();
      expect(await notReloaded()).toBe(true);
      const folder = (await listFolders(db.sql, user.user.id, accountId)).find((entry) => entry.path === "Junk")!;
      expect(folder.selected).toBe(false);
      await watched.screenshot(`accounts-folder-excluded-${lang}`);
      await junk.getByRole("checkbox").check();
      await page.locator(`tr#folder-${folder.id}[data-selected="true"]`).waitFor();
      expect((await listFolders(db.sql, user.user.id, accountId)).find((entry) => entry.path === "Junk")!.selected).toBe(true);
    });
  });

  test("a wrong password shows the reason and leaves the password field empty", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/accounts/new`);
      await fillForm(page, lang, box, "not the password");
      await submit(page, button(page, lang, "accounts.submit.new"));
      expect(await page.locator(".form-error .reason").textContent()).toBe(t(lang, "accounts.reason.auth"));
      expect(await page.locator(".form-error").getAttribute("data-reason")).toBe("auth");
      expect(await field(page, lang, "accounts.field.password").inputValue()).toBe("");
      expect(await field(page, lang, "accounts.field.username").inputValue()).toBe(box.user);
      expect(await field(page, lang, "accounts.field.tlsCa").inputValue()).toBe(box.ca);
      await watched.screenshot(`accounts-wrong-password-${lang}`);
    });
    expect(await db.sql`select 1 from mail_accounts where user_id = ${user.user.id}`).toHaveLength(0);
  });
});

describe("the account page and the list", () => {
  test("progress is polled while a sync runs and stops when it is done (English)", async () => {
    const user = await createTestUser(services);
    const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "Archive box", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    await saveDiscoveredFolders(db.sql, user.user.id, account.id, [{ path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" }]);
    await db.sql`
      insert into sync_progress (account_id, user_id, phase, folders_done, folders_total, fetched, total, current_folder)
      values (${account.id}, ${user.user.id}, 'syncing', 0, 3, 40, 400, 'INBOX')`;
    await withPage(baseUrl, { lang: "en", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/accounts/${account.id}`);
      const progress = page.locator("#sync-progress");
      expect(await progress.getAttribute("data-polling")).toBe("true");
      expect(await progress.locator("progress").getAttribute("value")).toBe("40");
      const notReloaded = await markDocument(page);

      await db.sql`update sync_progress set folders_done = 2, fetched = 300, current_folder = 'Sent', updated_at = now() where account_id = ${account.id}`;
      await page.locator('#sync-progress progress[value="300"]').waitFor({ timeout: 5_000 });
      expect(await progress.locator(".current-folder").textContent()).toBe("Sent");
      expect(await progress.locator(".folders").textContent()).toBe(t("en", "accounts.progress.ofTotal", { done: "2", total: "3" }));
      await watched.screenshot("accounts-progress-running-en");

      await db.sql`update sync_progress set phase = 'done', folders_done = 3, fetched = 400, current_folder = null, finished_at = now(), updated_at = now() where account_id = ${account.id}`;
      await page.locator('#sync-progress[data-phase="done"]').waitFor({ timeout: 5_000 });
      expect(await progress.getAttribute("data-polling")).toBe("false");
      expect(await notReloaded()).toBe(true);
      const polls = () => watched.requests.filter((url) => url.endsWith(`/accounts/${account.id}/progress`)).length;
      const before = polls();
      await Bun.sleep(4_500);
      expect(polls()).toBe(before);
      expect(await progress.locator(".messages .count").textContent()).toBe(t("en", "accounts.progress.ofTotal", { done: "400", total: "400" }));
      expect(await progress.locator(".stored").textContent()).toBe("0"); // rows inserted by hand, no messages
      await watched.screenshot("accounts-progress-done-en");

      // A later run that found nothing says so, not "0 of 0".
      await db.sql`update sync_progress set fetched = 0, total = 0 where account_id = ${account.id}`;
      await page.reload();
      expect(await progress.locator(".messages .count").textContent()).toBe(t("en", "accounts.progress.nothingNew"));
      expect(await progress.locator("progress").count()).toBe(0);
    });
  });

  test("disable and delete from the list in place; delete asks first (German)", async () => {
    const user = await createTestUser(services);
    const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "Privat", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    await db.sql`update mail_accounts set last_sync_at = now() - interval '1 hour', idle_seen_at = now() where id = ${account.id}`;
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      await page.goto(`${baseUrl}/accounts`);
      const row = page.locator(`tr#account-${account.id}`);
      expect(await row.locator("[data-idle]").textContent()).toBe(t("de", "accounts.idle.alive"));
      await watched.screenshot("accounts-list-de");
      const notReloaded = await markDocument(page);

      await row.getByRole("button", { name: `${t("de", "accounts.disable")}: Privat` }).click();
      await page.locator(`tr#account-${account.id}[data-status="disabled"]`).waitFor();
      expect(await row.locator("[data-enabled]").textContent()).toBe(t("de", "accounts.off"));
      expect((await getMailAccount(db.sql, user.user.id, account.id))!.enabled).toBe(false);

      await row.getByRole("button", { name: `${t("de", "accounts.delete")}: Privat` }).click();
      await row.waitFor({ state: "detached" });
      expect(dialogs).toEqual([t("de", "accounts.confirmDelete", { label: "Privat" })]);
      expect(await notReloaded()).toBe(true);
      await waitFor(async () => (await db.sql`select 1 from mail_accounts where id = ${account.id}`).length === 0, { timeoutMs: 2_000, what: "the account row deleted" });
    });
  });
});
