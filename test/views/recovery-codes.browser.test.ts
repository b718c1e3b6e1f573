/**
 * The recovery codes page (after regenerating them on the security page)
 * in a real Chromium: copy to the clipboard, a .txt download made in the
 * browser, a print that shows the codes only, and without JavaScript the
 * codes on the page with no dead buttons; German and English.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { t, type Lang } from "../../src/i18n/messages.ts";
import { browser, LOCALE, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(close);

/** Regenerates the codes from the security page; returns the ten shown. */
async function regenerate(page: Page, lang: Lang): Promise<string[]> {
  await page.goto(`${baseUrl}/account/security`);
  await submit(page, page.getByRole("button", { name: t(lang, "recovery.regenerate"), exact: true }));
  expect(await page.locator("h1").textContent()).toBe(t(lang, "recovery.title"));
  const codes = await page.locator("ol.recovery-codes li code").allTextContents();
  expect(codes).toHaveLength(10);
  return codes;
}

const visibility = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).visibility);

describe.each(["de", "en"] as const)("recovery codes (%s)", (lang) => {
  test("copy puts every code on the clipboard and says so", async () => {
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async ({ page }) => {
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
      const codes = await regenerate(page, lang);
      await page.getByRole("button", { name: t(lang, "recovery.copy"), exact: true }).click();
      // The clipboard write is asynchronous: the status says how it went once it is done.
      await page.waitForFunction(() => Boolean(document.querySelector(".recovery-status")?.textContent));
      expect(await page.locator(".recovery-status").textContent()).toBe(t(lang, "recovery.copied"));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.startsWith(t(lang, "recovery.fileHeading"))).toBe(true);
      for (const code of codes) expect(copied).toContain(code);
    });
  });

  test("download saves a .txt with the heading and the ten codes, one per line", async () => {
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async ({ page }) => {
      const codes = await regenerate(page, lang);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: t(lang, "recovery.download"), exact: true }).click()]);
      expect(download.suggestedFilename()).toBe(t(lang, "recovery.fileName"));
      const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\n");
      expect(lines[0]).toBe(t(lang, "recovery.fileHeading"));
      expect(lines.slice(2)).toEqual(codes.map((code, index) => `${String(index + 1).padStart(2, " ")}. ${code}`));
    });
  });

  test("print opens the browser's print and prints the codes and their heading only", async () => {
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await regenerate(page, lang);
      await page.evaluate(() => {
        window.print = () => document.documentElement.setAttribute("data-printed", "yes");
      });
      await page.getByRole("button", { name: t(lang, "recovery.print"), exact: true }).click();
      expect(await page.locator("html").getAttribute("data-printed")).toBe("yes");

      expect(await page.locator(".recovery-sheet .print-only").isVisible()).toBe(false);
      await page.emulateMedia({ media: "print" });
      expect(await visibility(page, "ol.recovery-codes code")).toBe("visible");
      expect(await page.locator(".recovery-sheet .print-only").textContent()).toBe(t(lang, "recovery.fileHeading"));
      expect(await page.locator(".recovery-sheet .print-only").isVisible()).toBe(true);
      for (const hidden of ["header.topbar nav", ".recovery-tools button", "a.button", "h1", "p"]) expect(await visibility(page, hidden)).toBe("hidden");
      await watched.screenshot(`recovery-codes-print-${lang}`);
    });
  });
});

test("without JavaScript the codes are on the page and no button that cannot work is shown", async () => {
  const user = await createTestUser(services);
  const context = await (await browser()).newContext({ locale: LOCALE.de, javaScriptEnabled: false });
  try {
    const [name = "", value = ""] = user.cookie.split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
    const page = await context.newPage();
    const codes = await regenerate(page, "de");
    expect(codes.every((code) => code.length > 0)).toBe(true);
    expect(await page.locator(".recovery-tools").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: t("de", "recovery.copy") }).count()).toBe(0);
  } finally {
    await context.close();
  }
});
