/**
 * Headless Chromium from Debian's package, driven by playwright-core (no
 * browser download). One browser per test run, a fresh context per test.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = join(import.meta.dir, "..", "..", "test-results", "screenshots");

let shared: Promise<Browser> | undefined;

/** Started on first use; closed by the preload after the last test file. */
export function browser(): Promise<Browser> {
  return (shared ??= chromium.launch({
    executablePath: CHROMIUM,
    // The background-networking flags stop Chromium's calls home, which this
    // machine's closed network refuses (and which would muddy request checks).
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
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
export async function openPage(options: { locale?: string; cookie?: { url: string; value: string } } = {}): Promise<WatchedPage> {
  const context = await (await browser()).newContext({ locale: options.locale ?? "de-DE" });
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
