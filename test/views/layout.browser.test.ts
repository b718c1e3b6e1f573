/** The base layout in a real Chromium: htmx runs under the CSP and the language switch works. */
import { afterAll, describe, expect, test } from "bun:test";
import { openPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);
// The status card is the administrators' (a user's start page has none: see the last test).
const cookie = { url: baseUrl, value: (await createTestUser(services, { role: "admin" })).cookie };

describe("layout page", () => {
  test("htmx loads under the CSP and swaps in the status card, with no console errors", async () => {
    const { page, errors, requests, screenshot, close } = await openPage({ cookie });
    try {
      await page.goto(`${baseUrl}/`);
      await page.locator("#status .status").waitFor();
      expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe("object");
      expect(await page.locator("#status .status-summary").textContent()).toBe("Bereit");
      expect(await page.locator("html").getAttribute("lang")).toBe("de");
      await screenshot("layout-home-de");
      expect(errors).toEqual([]);
      expect(requests.every((url) => url.startsWith(baseUrl))).toBe(true);
    } finally {
      await close();
    }
  });

  test("the language switch turns the page English and keeps it so", async () => {
    const { page, errors, screenshot, close } = await openPage({ cookie });
    try {
      await page.goto(`${baseUrl}/api/docs`);
      await page.selectOption("select[name=lang]", "en");
      await Promise.all([page.waitForURL(`${baseUrl}/api/docs`), page.click(".lang-switch button")]);
      expect(await page.locator("h1").textContent()).toBe("Mail Helper API");
      expect(await page.locator("nav").textContent()).toContain("API reference");
      await page.goto(`${baseUrl}/`);
      await page.locator("#status .status").waitFor();
      expect(await page.locator("#status .status-summary").textContent()).toBe("Ready");
      await screenshot("layout-home-en");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("an htmx request that fails shows the error envelope in the alert region", async () => {
    const { page, close } = await openPage({ locale: "en-GB", cookie });
    try {
      await page.goto(`${baseUrl}/`);
      await page.locator("#status .status").waitFor();
      await db.sql`delete from worker_heartbeats`;
      // Ask htmx for a route that does not exist, as a broken link in a fragment would.
      await page.evaluate(() => (window as unknown as { htmx: { ajax: (verb: string, path: string, target: string) => void } }).htmx.ajax("GET", "/no-such-fragment", "#status"));
      await page.locator('#alerts [data-error-code="NOT_FOUND"]').waitFor();
      expect(await page.locator("#alerts").textContent()).toContain("Not found.");
    } finally {
      await close();
      await db.sql`insert into worker_heartbeats (worker_id, hostname, pid) values ('browser-test', 'test', 1) on conflict do nothing`;
    }
  });

  test("a user who is not an administrator gets no status card", async () => {
    const { page, errors, close } = await openPage({ cookie: { url: baseUrl, value: (await createTestUser(services)).cookie } });
    try {
      await page.goto(`${baseUrl}/`);
      expect(await page.locator("h1").count()).toBe(1);
      expect(await page.locator("#status").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
