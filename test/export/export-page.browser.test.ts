/**
 * The export page in Chromium at 375 px, in German and English: a user
 * types the passphrase twice and starts an export, sees it listed, and
 * after the build (run here as the worker would) downloads the archive;
 * nothing on the page reaches past the right edge.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { JobContext } from "../../src/jobs/define-task.ts";
import buildExportTask from "../../tasks/build_export.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);

const PHONE = { width: 375, height: 812 };
const PASSPHRASE = "Leuchtturm Fahrrad Wolke 42";
const job: JobContext = { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring };

describe.each(["de", "en"] as const)("the export page at 375 px (%s)", (lang) => {
  test("start an export, see it listed, download it once ready; nothing wider than the screen", async () => {
    const user = await createTestUser(services);
    await db.sql`update users set language = ${lang} where id = ${user.user.id}`;
    await withPage(baseUrl, { lang, cookie: user.cookie, viewport: PHONE }, async ({ page }) => {
      await page.goto(`${baseUrl}/account/export`);
      await page.locator("#passphrase").fill(PASSPHRASE);
      await page.locator("#passphraseRepeat").fill(PASSPHRASE);
      await page.locator('form[action="/account/export"] button[type="submit"]').click();
      await page.waitForSelector(".notice");
      expect(await page.locator("table.list tbody tr").count()).toBe(1);

      const [{ id }] = (await db.sql`select id from user_exports where user_id = ${user.user.id}`) as unknown as [{ id: string }];
      await buildExportTask.run({ exportId: id }, job);
      await page.goto(`${baseUrl}/account/export`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`a[href="/account/export/${id}/download"]`).click()]);
      expect(download.suggestedFilename()).toMatch(/^mail-helper-export-\d{4}-\d\d-\d\d\.mhexport$/);

      const wider = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const found: string[] = [];
        if (document.documentElement.scrollWidth > width) found.push(`document ${document.documentElement.scrollWidth}`);
        for (const element of document.body.querySelectorAll("*")) {
          const box = element.getBoundingClientRect();
          if (box.width > 0 && box.height > 0 && box.right > width + 0.5 && element.checkVisibility())
            found.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ${Math.round(box.right)}`);
        }
        return found;
      });
      expect(wider).toEqual([]);
    });
  }, 90_000);
});
