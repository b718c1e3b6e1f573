/**
 * The message list in a real Chromium against the real server and database:
 * keyboard navigation (j/k, x, d, #, o), the shortcut help dialog, search
 * and paging, in German and English. The mail is stored through the real
 * store path; no worker runs, so server actions stay queued.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);

async function userWithMail(count: number) {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const ids = await storeMails(
    services,
    user,
    box,
    Array.from({ length: count }, (_, index) => ({
      subject: `Nachricht ${index}`,
      body: index === count - 3 ? "Ganz unten steht das Wort Holunderblüte." : "Guten Tag",
      date: new Date(Date.UTC(2026, 10, 20, 12, -index)),
    })),
  );
  return { user, ids };
}

const currentRowId = (page: Page) => page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-message-id") ?? null);

describe.each(["de", "en"] as const)("the message list (%s)", (lang) => {
  test("j/k move the focus, x selects, d marks done in place, # trashes, ? opens the help", async () => {
    const { user, ids } = await userWithMail(60);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages?sort=date`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "list.title"));
      expect(await page.locator("tbody tr").count()).toBe(50);

      await page.keyboard.press("j");
      expect(await currentRowId(page)).toBe(ids[0]!);
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      await page.keyboard.press("k");
      expect(await currentRowId(page)).toBe(ids[1]!);
      expect(await page.locator("tr.current").getAttribute("data-message-id")).toBe(ids[1]!);
      await watched.screenshot(`message-list-${lang}`);

      // The help: a modal dialog listing the keys; Escape closes it.
      await page.keyboard.press("?");
      const help = page.getByRole("dialog", { name: t(lang, "list.shortcuts.title") });
      await help.waitFor();
      expect(await help.locator("dd").allTextContents()).toContain(t(lang, "list.shortcuts.trash"));
      await watched.screenshot(`message-list-help-${lang}`);
      await page.keyboard.press("Escape");
      await help.waitFor({ state: "hidden" });

      // x selects the current row; d marks the selection done, and htmx swaps the list without a reload.
      await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
      await page.locator(`tr[data-message-id="${ids[1]!}"] td.subject a`).focus();
      await page.keyboard.press("x");
      expect(await page.locator(`tr[data-message-id="${ids[1]!}"] input[name="id"]`).isChecked()).toBe(true);
      await page.keyboard.press("d");
      await page.locator(`tr[data-message-id="${ids[1]!}"]`).waitFor({ state: "detached" });
      expect(await page.locator(".notice span").textContent()).toBe(t(lang, "list.bulk.result.done", { count: "1" }));
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect((await db.sql`select done_at from messages where id = ${ids[1]!}`)[0]!.done_at).not.toBeNull();
      // The focus stays in the list, on the row that moved up.
      expect(await currentRowId(page)).toBe(ids[2]!);

      // # with nothing selected trashes the current row: journaled, and gone from the list.
      await page.keyboard.type("#");
      await page.locator(`tr[data-message-id="${ids[2]!}"]`).waitFor({ state: "detached" });
      const [trash] = await db.sql`select action from action_journal where message_id = ${ids[2]!}`;
      expect(trash!.action).toBe("trash");

      // o opens the current message.
      await page.keyboard.press("j");
      const opened = await currentRowId(page);
      await page.keyboard.press("o");
      // The message page keeps the list it came from (its next/previous and "back").
      await page.waitForURL(`${baseUrl}/messages/${opened}?list=${encodeURIComponent("sort=date")}`);
    });
  });

  test("search finds a word only in the body of a message on a later page; the pages link each other", async () => {
    const { user, ids } = await userWithMail(60);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages?sort=date`);
      expect(await page.locator(`tr[data-message-id="${ids[57]!}"]`).count()).toBe(0);
      await page.getByRole("link", { name: t(lang, "list.next") }).click();
      await page.locator(`tr[data-message-id="${ids[57]!}"]`).waitFor();
      await page.getByRole("link", { name: t(lang, "list.previous") }).click();
      await page.locator(`tr[data-message-id="${ids[0]!}"]`).waitFor();

      await page.getByRole("checkbox", { name: t(lang, "list.selectAll") }).check();
      expect(await page.locator('input[name="id"]:checked').count()).toBe(50);

      await page.getByLabel(t(lang, "list.search.label")).fill("holunderblüte");
      await page.getByRole("button", { name: t(lang, "list.filter.submit"), exact: true }).click();
      await page.waitForURL(/q=holunderbl/);
      expect(await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-message-id")))).toEqual([ids[57]!]);
      await watched.screenshot(`message-list-search-${lang}`);
    });
  });
});
