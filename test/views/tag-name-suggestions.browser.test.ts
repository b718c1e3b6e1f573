/**
 * The suggested tag names on /tags in a real Chromium: names that recurred
 * in the user's mail (through the analysis pipeline) are listed with their
 * count; one is approved under an edited name, one merged into that tag,
 * one rejected, each answered by the page with its notice.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { analyseNewMessage } from "../../src/analysis/analyse-message.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { listTags } from "../../src/tags/store.ts";
import { createTestMailbox, storeMails, type TestMail } from "../search/fixtures.ts";
import { SCREENSHOT_DIR, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const listMail =
  (listId: string, from: string) =>
  (i: number): TestMail => ({
    subject: `Ausgabe ${i}`,
    from,
    body: `Hallo,\n\nhier ist Ausgabe ${i}.\n\nViele Grüße`,
    headers: { "List-Id": listId, "List-Unsubscribe": "<https://lists.example.org/leave>" },
  });

describe("the suggested tags on /tags", () => {
  test("approve under an edited name, merge into that tag, reject", async () => {
    const lang = "de";
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const mails = [
      ...[1, 2, 3].map(listMail("Mieterverein Hamburg <news.mieterverein-hamburg.de>", "Mieterverein <news@mieterverein-hamburg.de>")),
      ...[1, 2, 3].map(listMail('"Uni Köln Mathe" <mathe.lists.uni-koeln.de>', "Fachschaft <fs@uni-koeln.de>")),
      ...[1, 2, 3].map((i) => ({ subject: `Ihre Rechnung ${i}`, from: "Stadtwerke München <rechnung@swm.de>", body: `Rechnungsbetrag ${i}0 €` })),
    ];
    for (const id of await storeMails(services, user, box, mails)) await analyseNewMessage({ sql: services.sql, dataKey: user.dataKey, userId: user.user.id }, id);

    await withPage(baseUrl, { lang, cookie: user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/tags`);
      expect(await page.locator("#name-suggestions-title").textContent()).toBe(`${t(lang, "tagQueue.title")} (3)`);
      const row = (name: string) => page.locator("li[data-name-suggestion-id]", { has: page.locator("strong", { hasText: name }) });
      expect(await row("Mieterverein Hamburg").textContent()).toContain(t(lang, "tagQueue.messages", { count: "3" }));
      await page.screenshot({ path: join(SCREENSHOT_DIR, "tag-name-suggestions-de.png"), fullPage: true });

      await row("Mieterverein Hamburg").getByLabel(t(lang, "tags.name")).fill("Mieterverein");
      await submit(page, row("Mieterverein Hamburg").getByRole("button", { name: t(lang, "tagQueue.approve") }));
      expect(new URL(page.url()).searchParams.get("done")).toBe("suggestionApproved");
      expect(await page.getByText(t(lang, "tagQueue.approved", { name: "Mieterverein", count: "3" })).count()).toBe(1);
      expect(await page.locator("#name-suggestions-title").textContent()).toBe(`${t(lang, "tagQueue.title")} (2)`);

      await row("Stadtwerke München").locator("select[name=into]").selectOption({ label: "Mieterverein" });
      await submit(page, row("Stadtwerke München").getByRole("button", { name: t(lang, "tagQueue.merge") }));
      expect(await page.getByText(t(lang, "tagQueue.merged", { name: "Mieterverein", count: "3" })).count()).toBe(1);

      await submit(page, row("Uni Köln Mathe").getByRole("button", { name: t(lang, "tagQueue.reject") }));
      expect(await page.getByText(t(lang, "tagQueue.rejected")).count()).toBe(1);
      expect(await page.locator("#name-suggestions-title").count()).toBe(0);
    });
    expect((await listTags(services.sql, user.dataKey, user.user.id)).map(({ name, messages }) => ({ name, messages }))).toEqual([{ name: "Mieterverein", messages: 6 }]);
  });
});
