/**
 * Writing mail in a real Chromium against the real server, German and
 * English, on a phone-sized screen: from a message, `r` opens the reply with
 * To, "Re: " and the quote; what is typed is saved as a draft by itself
 * (a reload shows it); `a` and `f` open reply all and forward; `c` on the
 * list opens a new message; nothing is wider than the screen.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";
import { withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const PHONE = { width: 375, height: 740 };

async function mailbox() {
  const me = `me-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const box = await seedMailbox(services, await createTestUser(services, { email: me }));
  await db.sql`update users set time_zone = 'Europe/Berlin' where id = ${box.user.user.id}`;
  const id = await box.store(
    htmlMail({
      subject: "Quartalsbericht",
      to: `Ich <${me}>, Carl <carl@example.org>`,
      html: "<p>Hallo</p>",
      text: "Hallo,\nbitte den Bericht bis Freitag.",
      date: new Date("2026-12-03T13:05:00Z"),
    }),
  );
  return { box, id };
}

/** Nothing on the page is wider than the screen: no sideways scrolling on a phone. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

for (const lang of ["de", "en"] as const) {
  describe(`writing mail (${lang})`, () => {
    test("r on a message opens the reply; typing saves a draft that a reload shows", async () => {
      const { box, id } = await mailbox();
      await withPage(baseUrl, { lang, cookie: box.user.cookie, viewport: PHONE }, async (watched) => {
        const { page } = watched;
        await page.goto(`${baseUrl}/messages/${id}`);
        await page.waitForLoadState("load");
        await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${id}/reply`), page.keyboard.press("r")]);
        expect(await page.locator("h1").textContent()).toBe(t(lang, "compose.title.reply"));
        expect(await page.locator("#compose-to").inputValue()).toBe("Anna Beispiel <anna@example.org>");
        expect(await page.locator("#compose-subject").inputValue()).toBe("Re: Quartalsbericht");
        const attribution = lang === "de" ? "Am 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@example.org>:" : "On 3 December 2026 at 14:05, Anna Beispiel <anna@example.org> wrote:";
        const body = page.locator("#compose-body");
        expect(await body.inputValue()).toBe(`\n\n${attribution}\n> Hallo,\n> bitte den Bericht bis Freitag.\n`);
        expect(await fitsWidth(page)).toBe(true);
        expect(await page.locator("button[type=submit]", { hasText: t(lang, "compose.send") }).isVisible()).toBe(true);
        await watched.screenshot(`compose-reply-${lang}`);

        await body.focus();
        await page.keyboard.press("Control+Home");
        await page.keyboard.type(lang === "de" ? "Danke, kommt am Freitag." : "Thanks, it comes on Friday.");
        const saved = page.locator("#draft-status");
        await saved.filter({ hasText: lang === "de" ? "gespeichert" : "saved" }).waitFor({ timeout: 10_000 });
        const draftId = await page.locator("#draft-status input[name=draftId]").inputValue();
        expect(draftId).toMatch(/^[0-9a-f-]{36}$/);

        await page.goto(`${baseUrl}/compose?draft=${draftId}`);
        const kept = await page.locator("#compose-body").inputValue();
        expect(kept.startsWith(lang === "de" ? "Danke, kommt am Freitag.\n\n" : "Thanks, it comes on Friday.\n\n")).toBe(true);
        expect(kept).toContain(attribution);
        expect(await page.locator("#compose-to").inputValue()).toBe("Anna Beispiel <anna@example.org>");
        // Listed under Drafts.
        await page.goto(`${baseUrl}/drafts`);
        expect(await page.locator(`.mh-drafts li[data-draft-id="${draftId}"] .mh-draft-subject`).textContent()).toBe("Re: Quartalsbericht");
        expect(await fitsWidth(page)).toBe(true);
      });
    });

    test("a opens reply all, f opens forward, c on the list opens a new message", async () => {
      const { box, id } = await mailbox();
      await withPage(baseUrl, { lang, cookie: box.user.cookie, viewport: PHONE }, async (watched) => {
        const { page } = watched;
        await page.goto(`${baseUrl}/messages/${id}`);
        await page.waitForLoadState("load");
        await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${id}/reply-all`), page.keyboard.press("a")]);
        expect(await page.locator("#compose-cc").inputValue()).toBe("Carl <carl@example.org>");

        await page.goto(`${baseUrl}/messages/${id}`);
        await page.waitForLoadState("load");
        await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${id}/forward`), page.keyboard.press("f")]);
        expect(await page.locator("#compose-subject").inputValue()).toBe("Fwd: Quartalsbericht");
        expect(await page.locator("#compose-body").inputValue()).toContain(t(lang, "compose.forward.separator"));
        expect(await fitsWidth(page)).toBe(true);

        await page.goto(`${baseUrl}/messages`);
        await page.waitForLoadState("load");
        await Promise.all([page.waitForURL((url) => url.pathname === "/compose"), page.keyboard.press("c")]);
        expect(await page.locator("h1").textContent()).toBe(t(lang, "compose.title.new"));
        // Typing in a field does not trigger the keys.
        await page.locator("#compose-subject").fill("");
        await page.locator("#compose-subject").type("rafc");
        expect(new URL(page.url()).pathname).toBe("/compose");
      });
    });
  });
}
