/**
 * The reply proposal panel in a real Chromium, German and English, at
 * phone width: it loads when scrolled to, a tone is picked with one click
 * (htmx swaps the panel, the page stays), the Sie/du reason and the text
 * show, the form can be switched, and "use as reply" points at the reply
 * page with the proposal.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { markDocument, SCREENSHOT_DIR, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const MAILS = {
  de: {
    from: "Anna Beispiel <anna@example.org>",
    subject: "Freitag",
    body: "Hallo Max,\n\nkannst du mir die Unterlagen bis Freitag schicken?\n\nLG Anna",
    reason: "Du — weil Anna dich duzt",
    greeting: "Hallo Anna,",
    switched: "Sie — selbst gewählt",
    switchedGreeting: "Guten Tag Anna Beispiel,",
  },
  en: {
    from: "John Smith <john@example.org>",
    subject: "The quarterly report",
    body: "Dear Max,\n\nwould you kindly send me the quarterly report by Friday? Thank you for your help with the project.\n\nKind regards,\nJohn Smith",
    reason: "Formal — because John writes formally",
    greeting: "Dear John Smith,",
    switched: "Casual — your choice",
    switchedGreeting: "Hi John,",
  },
} as const;

describe.each(["de", "en"] as const)("the reply proposal (%s)", (lang) => {
  test("pick the friendly tone, see the form's reason and the text, switch the form", async () => {
    const mail = MAILS[lang];
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [id] = await storeMails(services, owner, box, [{ subject: mail.subject, from: mail.from, body: mail.body }]);
    await withPage(baseUrl, { lang, cookie: owner.cookie, viewport: { width: 375, height: 800 } }, async ({ page }) => {
      await page.goto(`${baseUrl}/messages/${id}`);
      const notReloaded = await markDocument(page);
      await page.locator("#reply-proposal").scrollIntoViewIfNeeded();
      await page.locator("[data-proposal-id]").waitFor();

      // The offer is friendly; formal first, so picking friendly is a change the page must show.
      await page.getByRole("link", { name: t(lang, "replies.tone.formal"), exact: true }).click();
      await page.locator('[data-proposal-id][data-tone="formal"]').waitFor();
      await page.getByRole("link", { name: t(lang, "replies.tone.friendly"), exact: true }).click();
      await page.locator('[data-proposal-id][data-tone="friendly"]').waitFor();
      expect(await page.getByRole("link", { name: t(lang, "replies.tone.friendly"), exact: true }).getAttribute("aria-current")).toBe("true");
      expect(await page.locator(".mh-reply-reason").textContent()).toBe(mail.reason);
      const text = await page.locator("#reply-proposal-text").inputValue();
      expect(text.startsWith(mail.greeting)).toBe(true);
      const proposalId = await page.locator("[data-proposal-id]").getAttribute("data-proposal-id");
      expect(await page.getByRole("link", { name: t(lang, "replies.use"), exact: true }).getAttribute("href")).toBe(`/messages/${id}/reply?proposal=${proposalId}`);

      await page.locator(".mh-reply-form a").click();
      await page.locator(`[data-proposal-id][data-form="${lang === "de" ? "sie" : "du"}"]`).waitFor();
      expect(await page.locator(".mh-reply-reason").textContent()).toBe(mail.switched);
      expect((await page.locator("#reply-proposal-text").inputValue()).startsWith(mail.switchedGreeting)).toBe(true);
      expect(await notReloaded()).toBe(true);
      // Usable at phone width: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.locator("#reply-proposal").screenshot({ path: join(SCREENSHOT_DIR, `reply-proposal-${lang}.png`) });
    });
  });
});
