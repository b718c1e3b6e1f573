/**
 * "Warten auf Antwort" and the language chip in a real Chromium, German and
 * English, at phone width (375 px): the page lists the unanswered sent
 * message, "Erledigt" removes it and its undo brings it back, "Erinnern in
 * …" sets a reminder through the snooze menu; on the message list a foreign
 * message carries its language chip, and its page offers a translation,
 * shown below the original on a phone and beside it on a wide screen.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { processMessages } from "../analysis/support.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { seedWaitingMailbox } from "../mail/waiting/fixtures.ts";
import { submit, withPage } from "../support/browser.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { serveTestApp } from "../support/test-app.ts";
import { startLlmStub } from "../support/llm-stub.ts";
import { saveLlmSettings } from "../../src/analysis/llm/settings.ts";

const { services, baseUrl, close } = await serveTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await closeParsePool();
  await close();
});

const PHONE = { width: 375, height: 812 };

/** The document scrolls sideways: something is wider than the phone. */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.each(["de", "en"] as const)("waiting for reply (%s)", (lang) => {
  test("lists the unanswered message at 375 px; Erledigt and its undo; a reminder through the snooze menu", async () => {
    const seeded = await seedWaitingMailbox(services, await dovecot());
    await withPage(baseUrl, { lang, cookie: seeded.fixture.user.cookie, viewport: PHONE, timezoneId: "Europe/Berlin" }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/waiting`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "waiting.title"));
      const cards = page.locator(".waiting-list li");
      expect(await cards.count()).toBe(1);
      const card = cards.first();
      expect(await card.locator("h2").textContent()).toBe("Angebot Gartenhaus");
      expect(await card.locator(".waiting-days").textContent()).toBe(t(lang, "waiting.daysWaiting", { count: "5" }));
      expect(await card.getByRole("button", { name: t(lang, "waiting.dismiss") }).isVisible()).toBe(true);
      expect(await scrollsSideways(page)).toBe(false);
      await watched.screenshot(`waiting-${lang}`);

      await submit(page, card.getByRole("button", { name: t(lang, "waiting.dismiss") }));
      expect(await page.locator(".undo-notice span").first().textContent()).toBe(t(lang, "waiting.notice.dismissed"));
      expect(await page.locator(".waiting-list li").count()).toBe(0);
      await submit(page, page.locator(".undo-notice").getByRole("button", { name: t(lang, "actions.undo") }));
      expect(await page.locator(".waiting-list li").count()).toBe(1);

      await page.locator(".waiting-list li summary").first().click();
      await submit(
        page,
        page
          .locator(".waiting-list li")
          .first()
          .getByRole("button", { name: t(lang, "actions.snooze.nextWeek") }),
      );
      expect(await page.locator(".undo-notice span").first().textContent()).toContain(t(lang, "waiting.notice.reminded", { time: "" }).split(":")[0]!);
      expect(await page.locator(".waiting-reminder").isVisible()).toBe(true);
      expect(await scrollsSideways(page)).toBe(false);
      await watched.screenshot(`waiting-reminded-${lang}`);
    });
  });

  test("the list shows a language chip on a message in another language; its page offers a translation and shows it", async () => {
    const box = await seedMailbox(services);
    const english = await box.store(
      makeMessage({
        from: "Jane Doe <jane@example.com>",
        to: "me@example.org",
        subject: "Meeting next week",
        body: "Hello, could we meet next week to talk about the project? Please let me know which day works for you. Best regards, Jane",
      }),
    );
    const german = await box.store(
      makeMessage({
        from: "Anna <anna@example.de>",
        to: "me@example.org",
        subject: "Treffen nächste Woche",
        body: "Hallo, können wir uns nächste Woche treffen und über das Projekt sprechen? Bitte sag mir, welcher Tag dir passt. Viele Grüße, Anna",
      }),
    );
    await processMessages(services, [english, german]);
    const [foreign, own] = lang === "de" ? [english, german] : [german, english];
    await withPage(baseUrl, { lang, cookie: box.user.cookie, viewport: PHONE }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages`);
      const chip = page.locator(`tr[data-message-id="${foreign}"] .lang-chip`);
      expect(await chip.isVisible()).toBe(true);
      expect(await chip.textContent()).toBe(lang === "de" ? "EN" : "DE");
      expect(await page.locator(`tr[data-message-id="${own}"] .lang-chip`).count()).toBe(0);
      await watched.screenshot(`list-language-chip-${lang}`);

      await page.goto(`${baseUrl}/messages/${foreign}`);
      const translate = page.locator("#translation-controls").getByRole("link", { name: t(lang, "translate.button") });
      expect(await translate.isVisible()).toBe(true);
      expect(await translate.getAttribute("href")).toBe("/settings/ai");
      expect(await page.locator("#translate-needs-provider").textContent()).toContain(t(lang, "translate.needsProvider"));
      expect(await scrollsSideways(page)).toBe(false);
      await page.goto(`${baseUrl}/messages/${own}`);
      expect(await page.locator("#translation-controls").count()).toBe(0);
    });

    // With a provider: translated on a click, shown below the original on a phone and beside it on a wide screen.
    await saveLlmSettings(services.sql, box.user.dataKey, box.user.user.id, {
      kind: "ollama",
      baseUrl: stub.url,
      model: "stub-model",
      secondOpinionModel: null,
      apiKey: null,
      dailyBudget: 20,
      enabled: true,
      timeoutSeconds: 10,
    });
    stub.answer = () => ({ subject: "Übersetzter Betreff", text: "Erste Zeile <b>fett?</b>\nZweite Zeile" });
    await withPage(baseUrl, { lang, cookie: box.user.cookie, viewport: PHONE }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages/${foreign}`);
      await submit(page, page.locator("#translation-controls").getByRole("button", { name: t(lang, "translate.button") }));
      const translation = page.locator(".mh-translation");
      expect(await translation.locator(".mh-translation-subject").textContent()).toBe("Übersetzter Betreff");
      expect(await translation.locator(".mh-translation-text").textContent()).toBe("Erste Zeile <b>fett?</b>\nZweite Zeile");
      expect(await translation.locator("b").count()).toBe(0);
      const body = (await page.locator(".mh-body").boundingBox())!;
      const shown = (await translation.boundingBox())!;
      expect(shown.y).toBeGreaterThanOrEqual(body.y + body.height);
      expect(await scrollsSideways(page)).toBe(false);
      await watched.screenshot(`translation-phone-${lang}`);
      await page.setViewportSize({ width: 1280, height: 900 });
      const wideBody = (await page.locator(".mh-body").boundingBox())!;
      const wide = (await translation.boundingBox())!;
      expect(Math.abs(wide.y - wideBody.y)).toBeLessThan(2);
      expect(wide.x).toBeGreaterThan(wideBody.x + wideBody.width - 1);
      await watched.screenshot(`translation-wide-${lang}`);
      await page.getByRole("link", { name: t(lang, "translate.original") }).click();
      await page.waitForLoadState();
      expect(await page.locator(".mh-translation").count()).toBe(0);
      expect(await page.getByRole("link", { name: t(lang, "translate.show") }).isVisible()).toBe(true);
    });
  });
});
