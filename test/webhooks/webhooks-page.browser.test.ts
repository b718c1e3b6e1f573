/**
 * The webhooks pages in Chromium at 375 px, in German and English, without
 * script: a hook registered through the form shows its secret once; the
 * hook's page with a long URL, a disabled notice and deliveries with long
 * answers does not scroll sideways; pausing works as a plain form post.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);
const PHONE = { width: 375, height: 812 };
const LONG_URL = `http://127.0.0.1:9/${"a-very-long-path-segment/".repeat(8)}hook?token=${"x".repeat(60)}`;

/** The document and every visible element stay inside the screen's width. */
const overflow = (page: Page) =>
  page.evaluate(() => {
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

describe.each(["de", "en"] as const)("/settings/webhooks at 375 px (%s)", (lang) => {
  test("register through the form, the secret once, a disabled hook's page, pause", async () => {
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie, viewport: PHONE }, async ({ page, screenshot }) => {
      await page.goto(`${baseUrl}/settings/webhooks`);
      expect(await overflow(page)).toEqual([]);
      await page.fill('input[name="name"]', "Heimautomation im Keller mit einem recht langen Namen");
      await page.fill('input[name="url"]', LONG_URL);
      await page.check('input[name="event-sync-failed"]');
      await page.click('form.webhook-add button[type="submit"]');
      await page.waitForSelector(".webhook-secret");
      const secret = (await page.textContent(".webhook-secret code"))!;
      expect(secret).toMatch(/^whsec_/);
      expect(await overflow(page)).toEqual([]);
      await screenshot(`webhook-secret-${lang}`);

      const [hook] = await db.sql<{ id: string }[]>`select id from webhooks where user_id = ${user.user.id}`;
      await db.sql`update webhooks set disabled_at = now(), consecutive_failures = 10 where id = ${hook!.id}`;
      await db.sql`
        insert into webhook_deliveries (webhook_id, user_id, event_type, event_data, status, attempts, response_status, response_excerpt, next_attempt_at)
        select ${hook!.id}, ${user.user.id}, 'sync.failed', '{}', 'failed', 8, 503, ${"Fehler".repeat(40)}, null from generate_series(1, 3)`;
      await page.goto(`${baseUrl}/settings/webhooks/${hook!.id}`);
      expect(await page.textContent("body")).not.toContain(secret);
      expect(await page.isVisible(".webhook-disabled")).toBe(true);
      expect(await overflow(page)).toEqual([]);
      await screenshot(`webhook-disabled-${lang}`);

      await page.click(`form[action$="/resume"] button`);
      await page.waitForURL(/done=resumed/);
      await page.click(`form[action$="/pause"] button`);
      await page.waitForURL(/done=paused/);
      expect(await page.textContent("[data-webhook-status]")).toBe(t(lang, "webhooks.status.paused"));
    });
  });
});
