/**
 * Headless Chromium from Debian's package, driven by playwright-core (no
 * browser download). One browser per test run, a fresh context per test.
 */
import { expect } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = join(import.meta.dir, "..", "..", "test-results", "screenshots");

let shared: Promise<Browser> | undefined;

/** A name Chromium resolves to 127.0.0.1 (and nothing else does): a "public" host for remote-content tests. */
export const REMOTE_TEST_HOST = "images.remote.test";

/** Started on first use; closed by the preload after the last test file. */
export function browser(): Promise<Browser> {
  return (shared ??= chromium.launch({
    executablePath: CHROMIUM,
    // The background-networking flags stop Chromium's calls home, which this
    // machine's closed network refuses (and which would muddy request checks).
    // REMOTE_TEST_HOST stands for a public image host: remote content on 127.0.0.1 itself is refused by the outbound policy.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--host-resolver-rules=MAP ${REMOTE_TEST_HOST} 127.0.0.1`,
    ],
  }));
}

export async function closeBrowser(): Promise<void> {
  if (!shared) return;
  const running = await shared;
  shared = undefined;
  await running.close();
}

export interface WatchedPage {
  page: Page;
  /** Console errors and page errors, CSP violations among them. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A page in a new context that records errors and requests; `cookie` (a `name=value` pair) signs it in. */
export async function openPage(options: { locale?: string; cookie?: { url: string; value: string }; timezoneId?: string; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  // A viewport given here, not set later: Chromium does not pass a later size change on to a sandboxed frame's own process.
  const context = await (await browser()).newContext({ locale: options.locale ?? "de-DE", timezoneId: options.timezoneId, viewport: options.viewport });
  if (options.cookie) {
    const [name = "", value = ""] = options.cookie.value.split("=");
    await context.addCookies([{ name, value, url: options.cookie.url }]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  return {
    page,
    errors,
    requests,
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/**
 * Chromium logs "Failed to load resource: … status of 400 (Bad Request)" for
 * every page it is answered with an error status: a refused form post is
 * such a page. Call right after `openPage`; the function it returns gives the
 * page's errors without one such line per page that came with an error
 * status, so CSP violations, script errors and failed sub-resources remain.
 *
 * @example
 *   const watched = await openPage();
 *   const unexpectedErrors = ignoreErrorPageLoads(watched);
 *   // … a form post answered with 400 …
 *   expect(unexpectedErrors()).toEqual([]);
 */
export function ignoreErrorPageLoads(watched: WatchedPage): () => string[] {
  const errorPageStatuses: number[] = [];
  watched.page.on("response", (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === watched.page.mainFrame() && response.status() >= 400) errorPageStatuses.push(response.status());
  });
  return () => {
    const unmatched = [...errorPageStatuses];
    return watched.errors.filter((error) => {
      const status = Number(/^Failed to load resource: the server responded with a status of (\d{3}) /.exec(error)?.[1]);
      const index = unmatched.indexOf(status);
      if (index === -1) return true;
      unmatched.splice(index, 1);
      return false;
    });
  };
}

export const LOCALE = { de: "de-DE", en: "en-GB" } as const;

/**
 * Runs `body` on a fresh page (a new context, signed in with `cookie` if
 * given) and then checks that nothing logged an error (a CSP violation
 * would; a refused form answered with 400 does not count) and that no
 * request left the app.
 */
export async function withPage(
  baseUrl: string,
  options: { lang?: keyof typeof LOCALE; cookie?: string; timezoneId?: string; viewport?: { width: number; height: number } },
  body: (watched: WatchedPage) => Promise<void>,
): Promise<void> {
  const watched = await openPage({
    locale: LOCALE[options.lang ?? "de"],
    cookie: options.cookie ? { url: baseUrl, value: options.cookie } : undefined,
    timezoneId: options.timezoneId,
    viewport: options.viewport,
  });
  const unexpectedErrors = ignoreErrorPageLoads(watched);
  try {
    await body(watched);
    expect(unexpectedErrors()).toEqual([]);
    expect(watched.requests.filter((url) => new URL(url).origin !== baseUrl)).toEqual([]);
  } finally {
    await watched.close();
  }
}

/** Marks the document, so a later check can tell that htmx swapped a part of it rather than the browser loading a new one. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
  return () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
}

/** Clicks a button that submits a form and waits until the answer has loaded. */
export async function submit(page: Page, button: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
  await button.click();
  await navigated;
  await page.waitForLoadState();
}
