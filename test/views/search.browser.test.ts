/**
 * Search as people type it, in a real Chromium, in German and English: the
 * help line under the field, operators and phrases, done mail found by a
 * search, and an empty result that says what to try and links to it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);

async function userWithMail() {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const [invoice, offer, meeting] = await storeMails(services, user, box, [
    { subject: "Rechnung März", from: "Anna Schmidt <anna@example.org>", body: "Die Rechnung für März liegt bei." },
    { subject: "Angebot", from: "Bob Meier <bob@firma.de>", body: "Die Rechnung folgt im April." },
    { subject: "Terminanfrage", from: "Carla Berg <carla@example.org>", body: "Ein Termin im März?" },
  ]);
  await db.sql`update messages set done_at = now() where id = ${meeting!}`;
  return { user, invoice: invoice!, offer: offer!, meeting: meeting! };
}

const shownIds = (page: Page) => page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-message-id")));

describe.each(["de", "en"] as const)("search (%s)", (lang) => {
  test("operators and phrases from the help line work; done mail is found; an empty result says what to try", async () => {
    const { user, invoice, offer, meeting } = await userWithMail();
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages`);
      const field = page.getByLabel(t(lang, "list.search.label"));
      // The help line is the field's description, so a screen reader reads it too.
      expect(await page.locator(`#${await field.getAttribute("aria-describedby")}`).textContent()).toBe(t(lang, "list.search.help"));
      expect(await page.locator("#filter-done option:checked").textContent()).toBe(t(lang, "list.done.auto"));
      expect(await shownIds(page)).not.toContain(meeting);
      const search = async (q: string) => {
        await field.fill(q);
        await page.getByRole("button", { name: t(lang, "list.filter.submit"), exact: true }).click();
        await page.waitForURL((url) => url.searchParams.get("q") === q);
      };

      await search(lang === "de" ? 'von:anna "Rechnung März"' : 'from:anna "Rechnung März"');
      expect(await shownIds(page)).toEqual([invoice]);
      await watched.screenshot(`search-operators-${lang}`);

      // Done mail is part of a search.
      await search("termin");
      expect(await shownIds(page)).toEqual([meeting]);

      await search(lang === "de" ? "von:niemand Rechnung" : "from:nobody Rechnung");
      const empty = page.locator(".search-empty");
      expect(await empty.locator("p").textContent()).toBe(t(lang, "list.searchEmpty.title"));
      expect(await empty.locator("li").allTextContents()).toContain(t(lang, "list.searchEmpty.spelling"));
      await watched.screenshot(`search-empty-${lang}`);
      await empty.getByRole("link", { name: t(lang, "list.searchEmpty.wordsOnly") }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === "Rechnung");
      expect((await shownIds(page)).sort()).toEqual([invoice, offer].sort());
      expect(await page.locator(".search-empty").count()).toBe(0);
    });
  });
});
