/**
 * The recent actions page in Chromium, German, on a 375 px phone: a pending
 * action says it waits for the mail server, and the table polls (htmx)
 * until the server has carried it out, then shows the new state and the
 * undo without a reload, and stops polling. The test waits for the page's
 * text, never for a time.
 */
import { afterAll, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { markDocument, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(() => close());

test("a pending action's state updates in place while the page is open; polling stops when none is pending", async () => {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const [messageId] = await storeMails(services, user, box, [{ subject: "Rechnung November" }]);
  const [entry] = await db.sql<{ id: string }[]>`
    insert into action_journal (user_id, account_id, message_id, action, params, before, state)
    values (${user.user.id}, ${box.account.id}, ${messageId!}, 'mark_read', ${db.sql.json({ action: "mark_read" })}, ${db.sql.json([{ folderId: box.folders.INBOX.id, flags: [] }])}, 'pending')
    returning id`;

  await withPage(baseUrl, { lang: "de", cookie: user.cookie, viewport: { width: 375, height: 800 } }, async ({ page }) => {
    await page.goto(`${baseUrl}/actions`);
    const row = page.locator(`tr[data-action-id="${entry!.id}"]`);
    expect(await row.locator("td.state").textContent()).toBe(t("de", "actions.recent.state.pending"));
    expect(await row.locator("td.subject").textContent()).toBe("Rechnung November");
    expect(await page.locator("#recent-actions").getAttribute("hx-get")).toBe("/actions/status");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const sameDocument = await markDocument(page);

    // The worker's write-back, as far as the page can tell.
    await db.sql`update action_journal set state = 'done', finished_at = now() where id = ${entry!.id}`;
    await page.locator(`tr[data-action-id="${entry!.id}"][data-state="done"]`).waitFor({ timeout: 20_000 });
    expect(await row.locator("td.state").textContent()).toBe(t("de", "actions.recent.state.done"));
    expect(await row.getByRole("button", { name: new RegExp(`^${t("de", "actions.undo")}`) }).count()).toBe(1);
    expect(await sameDocument()).toBe(true);
    // Nothing pending any more: the region no longer polls.
    expect(await page.locator("#recent-actions").getAttribute("data-pending")).toBe("false");
    expect(await page.locator("#recent-actions").getAttribute("hx-get")).toBeNull();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
