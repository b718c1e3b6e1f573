/**
 * The dashboard in a real Chromium against the real server and database,
 * German and English: the matrix shows the counted numbers, a number leads
 * to the filtered list (by click and by keyboard, with a visible focus),
 * and the selector swaps the panel through htmx and keeps the URL in step.
 * The list itself is another page; here only the URL it is asked for counts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { seedMessages } from "../../bench/seed-messages.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);

const user = await createTestUser(services, { email: `dana-${crypto.randomUUID().slice(0, 6)}@example.org` });
const mail = await seedMessages(db.sql, { userId: user.user.id, dataKey: user.dataKey, count: 400, accounts: 2, orphaned: 0.05, seed: 21 });

/** Counted straight from the tables: cell "u,i" → number, for open messages of one account or all. */
async function expectedCells(account?: string, done: "open" | "done" = "open"): Promise<Record<string, string>> {
  const rows = await db.sql<{ cell: string; n: number }[]>`
    select a.urgency || ',' || a.importance as cell, count(*)::int as n
    from messages m join analyses a on a.message_id = m.id
    where m.user_id = ${user.user.id} and m.orphaned_at is null and (m.done_at is not null) = ${done === "done"}
      and (${account ?? null}::uuid is null or m.account_id = ${account ?? null}::uuid)
    group by 1`;
  const counts = Object.fromEntries(rows.map((row) => [row.cell, row.n]));
  return Object.fromEntries(["3,1", "3,2", "3,3", "2,1", "2,2", "2,3", "1,1", "1,2", "1,3"].map((cell) => [cell, (counts[cell] ?? 0).toLocaleString("de-DE")]));
}

async function shownCells(page: Page): Promise<Record<string, string>> {
  return await page.locator("table.matrix td[data-cell]").evaluateAll((cells) => Object.fromEntries(cells.map((cell) => [cell.getAttribute("data-cell"), cell.textContent?.trim()])));
}

/** Marks the document, so a later check can tell that htmx swapped a part of it rather than the browser loading a new one. */
async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
  return () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
}

describe("the dashboard (German)", () => {
  test("shows the counted numbers; clicking one opens the list filtered by its cell", async () => {
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      expect(await page.locator("table.matrix caption").textContent()).toBe(t("de", "dashboard.matrix.caption"));
      expect(await page.locator("table.matrix tbody th[scope=row]").allTextContents()).toEqual(["Dringlichkeit hoch", "Dringlichkeit mittel", "Dringlichkeit niedrig"]);
      expect(await shownCells(page)).toEqual(await expectedCells());
      expect(await page.locator("table.matrix td[data-cell='3,3']").getAttribute("class")).toBe("light-red");
      expect(await page.locator("nav a[href='/threads']").textContent()).toBe("Unterhaltungen");
      expect(await page.locator("nav a[href='/messages']").textContent()).toBe("Nachrichten");
      await watched.screenshot("dashboard-de");

      await Promise.all([page.waitForURL((url) => url.pathname === "/messages"), page.locator("table.matrix td[data-cell='2,3'] a").click()]);
      expect(page.url()).toBe(`${baseUrl}/messages?cell=2,3&done=open`);
    });
  });

  test("the numbers are reached with the keyboard, the focus is visible, and Enter follows the link", async () => {
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      let focused = "";
      for (let presses = 0; presses < 60 && !focused.startsWith("/messages?cell="); presses++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => (document.activeElement?.closest("table.matrix") ? (document.activeElement?.getAttribute("href") ?? "") : ""));
      }
      // The first number in reading order: urgency high, importance low.
      expect(focused).toBe("/messages?cell=3,1&done=open");
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(outline.style).not.toBe("none");
      expect(outline.width).toBeGreaterThanOrEqual(2);
      await watched.screenshot("dashboard-focus-de");
      await Promise.all([page.waitForURL((url) => url.pathname === "/messages"), page.keyboard.press("Enter")]);
      expect(page.url()).toBe(`${baseUrl}/messages?cell=3,1&done=open`);
    });
  });

  test("the selector swaps the panel in place, the address follows, and the light totals link with the same filter", async () => {
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      const notReloaded = await markDocument(page);
      const account = mail.accountIds[1]!;
      const label = (await db.sql`select label from mail_accounts where id = ${account}`)[0]!.label as string;
      await page.locator(".dashboard-filter").getByRole("link", { name: label, exact: true }).click();
      await page.locator(`#dashboard[data-account="${account}"]`).waitFor();
      expect(await notReloaded()).toBe(true);
      expect(new URL(page.url()).search).toBe(`?done=open&account=${account}`);
      expect(await shownCells(page)).toEqual(await expectedCells(account));

      await page
        .locator(".dashboard-filter")
        .getByRole("link", { name: t("de", "dashboard.done.done"), exact: true })
        .click();
      await page.locator('#dashboard[data-done="done"]').waitFor();
      expect(await notReloaded()).toBe(true);
      expect(new URL(page.url()).search).toBe(`?done=done&account=${account}`);
      expect(await shownCells(page)).toEqual(await expectedCells(account, "done"));
      expect(await page.locator(".dashboard-filter a[aria-current=true]").allTextContents()).toEqual([label, t("de", "dashboard.done.done")]);
      await watched.screenshot("dashboard-account-done-de");

      await Promise.all([page.waitForURL((url) => url.pathname === "/messages"), page.locator(".light-totals li[data-light=red] a").click()]);
      expect(page.url()).toBe(`${baseUrl}/messages?light=red&done=done&account=${account}`);
    });
  });
});

describe("the dashboard (English)", () => {
  test("speaks English, numbers formatted for the locale", async () => {
    await withPage(baseUrl, { lang: "en", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.context().addCookies([{ name: "lang", value: "en", url: baseUrl }]);
      await page.goto(`${baseUrl}/?done=all`);
      expect(await page.locator("table.matrix caption").textContent()).toBe(t("en", "dashboard.matrix.caption"));
      expect(await page.locator("table.matrix thead th[scope=col]").allTextContents()).toEqual(["Importance low", "Importance medium", "Importance high"]);
      const notAnalysed = (
        await db.sql`
        select count(*)::int as n from messages m left join analyses a on a.message_id = m.id
        where m.user_id = ${user.user.id} and m.orphaned_at is null and a.message_id is null`
      )[0]!.n as number;
      expect(await page.locator(".not-analysed").textContent()).toBe(t("en", "dashboard.notAnalysed", { count: notAnalysed.toLocaleString("en-GB") }));
      const label = await page.locator("table.matrix td[data-cell='1,1'] a").getAttribute("aria-label");
      expect(label).toMatch(/^\d+ messages with urgency low and importance low \(Green\)$/);
      await watched.screenshot("dashboard-en");
    });
  });
});

describe("from the dashboard to the conversations", () => {
  test("the navigation leads to the threads list, a conversation, and a message's page", async () => {
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      await Promise.all([page.waitForURL(`${baseUrl}/threads`), page.getByRole("link", { name: t("de", "threads.nav"), exact: true }).click()]);
      expect(await page.locator("h1").textContent()).toBe(t("de", "threads.title"));
      const rows = page.locator("table.threads tbody tr");
      expect(await rows.count()).toBe(50);
      const newest = mail.messages.filter((message) => !message.orphaned).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())[0]!;
      expect(await rows.first().getAttribute("data-thread")).toBe(newest.threadId);
      expect(await rows.first().locator("td.subject a").textContent()).toBe(newest.subject);
      await watched.screenshot("threads-de");

      await Promise.all([page.waitForURL(`${baseUrl}/threads/${newest.threadId}`), rows.first().locator("td.subject a").click()]);
      const items = page.locator("ol.thread-messages li");
      expect(await items.last().getAttribute("data-message")).toBe(newest.id);
      await watched.screenshot("thread-de");
      await Promise.all([page.waitForURL(`${baseUrl}/messages/${newest.id}`), items.last().locator("a.open-message").click()]);
    });
  });
});
