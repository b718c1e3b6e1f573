/**
 * "Absender als VIP" on the message page in a real Chromium: one click
 * (htmx posts the form, the page follows the redirect) marks the sender,
 * the page then offers to take it back, and the list in the settings shows it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { listVipSenders } from "../../src/senders/vip.ts";
import { SCREENSHOT_DIR, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

describe.each(["de", "en"] as const)("the VIP button (%s)", (lang) => {
  test("one click marks the sender a VIP, and one more takes it back", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Quartalszahlen", from: "Chefin <chefin@firma.example>", html: "<p>Anbei die Zahlen.</p>" }));
    await withPage(baseUrl, { lang, cookie: box.user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/messages/${id}`);
      await submit(page, page.getByRole("button", { name: t(lang, "vip.mark"), exact: true }));
      expect(new URL(page.url()).search).toBe("?done=vip");
      expect(await page.getByText(t(lang, "vip.notice.markedFromMessage")).count()).toBe(1);
      expect(await page.locator(".mh-vip .mh-badge").textContent()).toBe(t(lang, "vip.badge"));
      expect((await listVipSenders(services.sql, box.user.dataKey, box.user.user.id)).map((entry) => entry.value)).toEqual(["chefin@firma.example"]);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `vip-sender-${lang}.png`), fullPage: true });

      await page.goto(`${baseUrl}/settings/vip-senders`);
      expect(await page.locator("table.vip-senders td").first().textContent()).toBe("chefin@firma.example");

      await page.goto(`${baseUrl}/messages/${id}`);
      await submit(page, page.getByRole("button", { name: t(lang, "vip.unmark"), exact: true }));
      expect(new URL(page.url()).search).toBe("?done=unvip");
      expect(await page.getByRole("button", { name: t(lang, "vip.mark"), exact: true }).count()).toBe(1);
      expect(await listVipSenders(services.sql, box.user.dataKey, box.user.user.id)).toEqual([]);
    });
  });
});
