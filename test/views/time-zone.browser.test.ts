/**
 * The time zone per user in a real Chromium: sign-up stores the zone the
 * browser runs in, the account page changes it, and dates follow it (a
 * session's start on the devices page), in German and English.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { createInvitation } from "../../src/auth/invitations.ts";
import { setUserTimeZone } from "../../src/auth/users.ts";
import { t, type Lang } from "../../src/i18n/messages.ts";
import { submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(close);

const SIGN_UP_ZONE = { de: "America/New_York", en: "Australia/Sydney" } as const;
const SESSION_START = new Date("2026-01-15T12:00:00Z");
/** SESSION_START as the devices page shows it in each zone. */
const SHOWN = {
  de: { "Europe/Berlin": "15.01.2026, 13:00", "Asia/Tokyo": "15.01.2026, 21:00" },
  en: { "Europe/Berlin": "15 Jan 2026, 13:00", "Asia/Tokyo": "15 Jan 2026, 21:00" },
} as const;

const storedZone = async (email: string) => (await services.sql`select time_zone from users where email = ${email}`)[0]?.time_zone as string | null | undefined;
const sessionStartCell = (page: Page) => page.locator("tbody tr").first().locator("td").nth(2);

describe.each(["de", "en"] as const)("time zone (%s)", (lang: Lang) => {
  test("sign-up stores the zone the browser runs in", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const { token } = await createInvitation(services.sql, { createdBy: admin.user.id, role: "user", days: 1 });
    const email = `zone-${lang}-${crypto.randomUUID().slice(0, 8)}@example.org`;
    await withPage(baseUrl, { lang, timezoneId: SIGN_UP_ZONE[lang] }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/signup?token=${encodeURIComponent(token)}`);
      await page.getByLabel(t(lang, "signin.email"), { exact: true }).fill(email);
      await page.getByLabel(t(lang, "signin.password"), { exact: true }).fill("Regenschirm Birke Kompass Zeitzone");
      await submit(page, page.getByRole("button", { name: t(lang, "signup.submit"), exact: true }));
      await page.waitForURL(`${baseUrl}/setup/second-factor`);
    });
    expect(await storedZone(email)).toBe(SIGN_UP_ZONE[lang]);
  });

  test("the account page shows the current zone, changes it, and dates follow without naming a zone", async () => {
    const user = await createTestUser(services);
    await setUserTimeZone(services.sql, user.user.id, "Europe/Berlin");
    await services.sql`update sessions set created_at = ${SESSION_START} where user_id = ${user.user.id}`;
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/sessions`);
      expect(await sessionStartCell(page).textContent()).toBe(SHOWN[lang]["Europe/Berlin"]);

      await page.getByRole("link", { name: t(lang, "timeZone.title"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/account/time-zone`);
      const select = page.getByLabel(t(lang, "timeZone.label"), { exact: true });
      expect(await select.inputValue()).toBe("Europe/Berlin");
      await select.selectOption("Asia/Tokyo");
      await submit(page, page.getByRole("button", { name: t(lang, "timeZone.save"), exact: true }));
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "timeZone.saved"));
      expect(await select.inputValue()).toBe("Asia/Tokyo");
      await watched.screenshot(`account-time-zone-${lang}`);

      await page.goto(`${baseUrl}/account/sessions`);
      expect(await sessionStartCell(page).textContent()).toBe(SHOWN[lang]["Asia/Tokyo"]);
      expect(await page.locator("main").textContent()).not.toMatch(/\b(UTC|GMT|MEZ|CET|JST)\b/);
    });
    expect(await storedZone(user.user.email)).toBe("Asia/Tokyo");
  });
});
