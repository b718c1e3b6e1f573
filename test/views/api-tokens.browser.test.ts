/**
 * The API tokens page in a real Chromium at phone width (375 px), German and
 * English: the plain form creates a token whose secret is shown once in a
 * field to copy, the list shows it without the secret, and Revoke removes it
 * (the token then answers 401). Nothing scrolls sideways.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(close);

const PHONE = { width: 375, height: 812 };
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.each(["de", "en"] as const)("API tokens page (%s)", (lang) => {
  test("create with the form, the secret shown once, revoke", async () => {
    const anna = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: anna.cookie, viewport: PHONE }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/api-tokens`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "apiTokens.title"));
      expect(await page.locator(".empty").textContent()).toBe(t(lang, "apiTokens.none"));

      await page.getByLabel(t(lang, "apiTokens.name")).fill("Sicherung");
      await page.locator("#scope_change").check();
      await page.getByLabel(t(lang, "apiTokens.expiry")).selectOption("30");
      await submit(page, page.getByRole("button", { name: t(lang, "apiTokens.create") }));

      const secret = await page.locator(".one-time-link input").inputValue();
      expect(secret).toMatch(/^mh_[0-9a-f]{8}_/);
      expect(await scrollsSideways(page)).toBe(false);
      await watched.screenshot(`api-tokens-${lang}`);
      const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);

      await page.goto(`${baseUrl}/account/api-tokens`);
      expect(await page.content()).not.toContain(secret);
      const row = page.locator("table.list tbody tr");
      expect(await row.count()).toBe(1);
      expect(await row.first().textContent()).toContain("read, change");

      await submit(page, row.first().getByRole("button", { name: `${t(lang, "apiTokens.revoke")}: Sicherung` }));
      expect(await page.locator(".notice").first().textContent()).toBe(t(lang, "apiTokens.revoked"));
      expect(await page.locator("table.list tbody tr").count()).toBe(0);
      expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401);
    });
  });
});
