/**
 * Every message of the shared MIME torture set (broken and hostile mail
 * from the fixtures of mailparser, mikel/mail, MimeKit and SpamAssassin),
 * stored through the real parser and `storeBatch`, opened through the
 * message page in Chromium: HTTP 200, the page renders, no script in the
 * page's frame, no request to any other host, no error in the console.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Frame } from "playwright-core";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { ignoreErrorPageLoads, openPage, type WatchedPage } from "../support/browser.ts";
import { mimeTortureDir } from "../support/corpora.ts";
import { serveTestApp } from "../support/test-app.ts";
import { seedMailbox, type SeededMailbox } from "../mail/render/seed.ts";

const CORPUS = mimeTortureDir();
const files = readdirSync(CORPUS)
  .filter((folder) => statSync(join(CORPUS, folder)).isDirectory())
  .flatMap((folder) => readdirSync(join(CORPUS, folder)).map((name) => `${folder}/${name}`))
  .sort();

const { services, baseUrl, close } = await serveTestApp();
let box: SeededMailbox;
let watched: WatchedPage;
let unexpectedErrors: () => string[];

beforeAll(async () => {
  box = await seedMailbox(services);
  watched = await openPage({ locale: "de-DE", cookie: { url: baseUrl, value: box.user.cookie } });
  unexpectedErrors = ignoreErrorPageLoads(watched);
});

afterAll(async () => {
  await watched.close();
  await closeParsePool();
  await close();
});

const pwned = (target: Frame) => target.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

describe("the MIME torture set through the message page", () => {
  test("has its files", () => {
    expect(files.length).toBe(281);
  });

  for (const file of files) {
    test(file, async () => {
      const id = await box.store(new Uint8Array(readFileSync(join(CORPUS, file))));
      const { page } = watched;
      const firstRequest = watched.requests.length;
      const response = await page.goto(`${baseUrl}/messages/${id}`);
      expect(response!.status()).toBe(200);
      expect(await page.locator("h1.mh-subject").count()).toBe(1);
      const frameElement = await page.$("iframe.mh-frame");
      if (frameElement) {
        const frame = (await frameElement.contentFrame())!;
        await frame.waitForLoadState("load");
        expect(await frame.evaluate(() => document.scripts.length)).toBe(0);
        expect(await pwned(frame)).toBeUndefined();
        expect(await frame.evaluate(() => window.origin)).toBe("null");
      } else {
        expect(await page.locator(".mh-body").count()).toBe(1);
      }
      expect(await pwned(page.mainFrame())).toBeUndefined();
      expect(watched.requests.slice(firstRequest).filter((url) => new URL(url).origin !== baseUrl)).toEqual([]);
      expect(unexpectedErrors()).toEqual([]);
      // The plain-text view is always there.
      expect((await page.goto(`${baseUrl}/messages/${id}?view=text`))!.status()).toBe(200);
    });
  }

  test("a sample renders readably", async () => {
    const id = await box.store(new Uint8Array(readFileSync(join(CORPUS, files.find((file) => file.includes("html")) ?? files[0]!))));
    await watched.page.goto(`${baseUrl}/messages/${id}`);
    await watched.screenshot("torture-sample");
  });
});
