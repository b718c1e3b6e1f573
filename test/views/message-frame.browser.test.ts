/**
 * The HTML frame of the message page grows with its mail, in a real
 * Chromium: a long mail is shown whole without a scrollbar inside the
 * frame, a short one gets a small frame, also at phone width; the mail's
 * own script still does not run, and without JavaScript the frame keeps its
 * fixed height and scrolls inside.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Frame, Page } from "playwright-core";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";
import { browser, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const PWN = "window.__pwned=1;try{parent.__pwned=1;top.__pwned=1}catch(e){}";
const box = await seedMailbox(services);
const longId = await box.store(
  htmlMail({
    subject: "Langer Newsletter",
    html: `${Array.from({ length: 120 }, (_, index) => `<p>Absatz ${index + 1}: Neuigkeiten aus dem Verein, mit genug Text für eine ganze Zeile.</p>`).join("")}<p id="end">Ende des Newsletters</p><script>${PWN}</script><img src="data:," onerror="${PWN}">`,
  }),
);
const shortId = await box.store(htmlMail({ subject: "Kurz", html: "<p>Nur eine Zeile.</p>" }));

const frameHandle = (page: Page) => page.locator("iframe.mh-frame");
async function bodyFrame(page: Page): Promise<Frame> {
  const frame = (await (await page.waitForSelector("iframe.mh-frame")).contentFrame())!;
  await frame.waitForLoadState("load");
  return frame;
}
/**
 * Waits until the page has sized the frame to its document: the frame's inner height is the document's (at least
 * the script's 60 px floor). The document reports again as it lays out, and on a loaded machine the page applies a
 * report a while after it was posted, so a height that merely held still for a moment could be a stale one.
 */
const sized = async (page: Page, frame: Frame) => {
  await page.waitForSelector("iframe.mh-frame.sized");
  for (let attempt = 0; attempt < 50; attempt++) {
    const content = Math.ceil(await frame.evaluate(() => document.documentElement.getBoundingClientRect().height));
    const inner = await frameHandle(page).evaluate((element) => element.clientHeight);
    if (Math.abs(inner - Math.max(content, 60)) <= 1) return;
    await Bun.sleep(150);
  }
};
const pwned = (target: Page | Frame) => target.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
/**
 * The frame's box holds its whole document, so nothing scrolls inside it:
 * the document's laid-out height and width fit the frame element's inner
 * box (waited for: the size the page set reaches the frame's renderer, a
 * separate process, a moment later). Measured on the element, not by the
 * frame's own viewport, which headless Chromium sometimes leaves at the old
 * size for a sandboxed frame.
 */
const fitsInside = async (page: Page, frame: Frame) => {
  let last: { fits: boolean; content?: { height: number; width: number }; box?: { height: number; width: number } } = { fits: false };
  for (let attempt = 0; attempt < 50; attempt++) {
    const content = await frame.evaluate(() => ({ height: document.documentElement.getBoundingClientRect().height, width: document.documentElement.scrollWidth }));
    const box = await frameHandle(page).evaluate((element) => ({ height: element.clientHeight, width: element.clientWidth }));
    if (content.height <= box.height && content.width <= box.width) return { fits: true };
    last = { fits: false, content, box };
    await Bun.sleep(200);
  }
  // The sizes seen last, so a failure says which way the document overflowed.
  return last;
};

describe("the HTML frame", () => {
  for (const viewport of [
    { name: "desktop", width: 1280, height: 800 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    test(`a long mail is shown whole, without a scrollbar inside the frame (${viewport.name})`, async () => {
      await withPage(baseUrl, { lang: "de", cookie: box.user.cookie, viewport }, async (watched) => {
        const { page } = watched;
        await page.goto(`${baseUrl}/messages/${longId}`);
        const frame = await bodyFrame(page);
        await sized(page, frame);
        const height = (await frameHandle(page).boundingBox())!.height;
        expect(height).toBeGreaterThan(630);
        expect(height).toBeGreaterThan(viewport.height);
        expect(await fitsInside(page, frame)).toEqual({ fits: true });
        // The last paragraph lies inside the frame's box, reached by scrolling the page itself.
        const end = (await frame.locator("p").last().boundingBox())!;
        const box = (await frameHandle(page).boundingBox())!;
        expect(end.y + end.height).toBeLessThanOrEqual(box.y + box.height);
        // The mail's script and handler did not run, and no script element of any kind is left in the frame.
        expect(await pwned(page)).toBeUndefined();
        expect(await pwned(frame)).toBeUndefined();
        expect(await frame.locator("script").count()).toBe(0);
        await watched.screenshot(`message-frame-long-${viewport.name}`);
      });
    });
  }

  test("a short mail gets a small frame", async () => {
    await withPage(baseUrl, { lang: "en", cookie: box.user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/messages/${shortId}`);
      const frame = await bodyFrame(page);
      await sized(page, frame);
      // Settles there: while the page still lays out, the frame may briefly be narrow and its one line wrapped tall.
      let height = (await frameHandle(page).boundingBox())!.height;
      for (let attempt = 0; height >= 200 && attempt < 50; attempt++) {
        await Bun.sleep(200);
        height = (await frameHandle(page).boundingBox())!.height;
      }
      expect(height).toBeLessThan(200);
      expect(await fitsInside(page, frame)).toEqual({ fits: true });
    });
  });

  test("a height posted by anything but the frame is ignored", async () => {
    await withPage(baseUrl, { lang: "en", cookie: box.user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/messages/${shortId}`);
      await sized(page, await bodyFrame(page));
      const before = (await frameHandle(page).boundingBox())!.height;
      // Posted by the page itself, not by the frame.
      await page.evaluate(() => window.postMessage({ mhFrameHeight: 5000 }, "*"));
      await page.waitForTimeout(100);
      expect((await frameHandle(page).boundingBox())!.height).toBe(before);
    });
  });

  test("without JavaScript the frame keeps its fixed height and scrolls inside", async () => {
    const context = await (await browser()).newContext({ locale: "de-DE", javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    try {
      const [name = "", value = ""] = box.user.cookie.split("=");
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/messages/${longId}`);
      await bodyFrame(page);
      const height = (await frameHandle(page).boundingBox())!.height;
      expect(height).toBeCloseTo(800 * 0.7, 0);
      expect(await page.locator("iframe.mh-frame.sized").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
