/**
 * The outgoing server card in a real Chromium at a phone's width (375 px),
 * German and English: a wrong password is refused in words, the right one
 * is saved after the connection test, and "test connection" succeeds. The
 * card fits the screen. The test waits for elements and texts, never for a time.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { withPage } from "../support/browser.ts";
import { dovecot } from "../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../support/smtp-to-dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";

const { services, baseUrl, close } = await serveTestApp();
let relay: SmtpToDovecot;

beforeAll(async () => {
  relay = await startSmtpToDovecot({ mailboxes: {}, username: "anna-smtp", password: "smtp-secret" });
});

afterAll(async () => {
  await relay?.stop();
  await close();
});

describe.each(["de", "en"] as const)("the outgoing server card (%s)", (lang) => {
  test("at 375 px: refused in words, saved after the test, tested again; it fits the screen", async () => {
    const fixture = await syncFixture(services, { server: await dovecot() });
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie, viewport: { width: 375, height: 800 } }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/accounts/${fixture.account.id}#smtp`);
      const card = page.locator("#smtp");
      await card.getByText(t(lang, "smtp.title")).waitFor();
      await page.fill('[name="smtpHost"]', "127.0.0.1");
      await page.fill('[name="smtpPort"]', String(relay.port));
      await page.selectOption('[name="smtpSecurity"]', "starttls");
      await page.fill('[name="smtpUsername"]', "anna-smtp");
      await page.fill('[name="smtpPassword"]', "falsch");
      await page.fill('[name="smtpFromAddress"]', "anna@example.org");
      await page.fill('[name="smtpFromName"]', "Anna Muster");
      await page.fill('[name="smtpTlsCa"]', relay.ca);
      await card.getByRole("button", { name: t(lang, "smtp.save") }).click();
      await page.locator("#smtp .form-error").getByText(t(lang, "smtp.reason.auth")).waitFor();
      expect(await page.inputValue('[name="smtpPassword"]')).toBe("");

      await page.fill('[name="smtpPassword"]', "smtp-secret");
      await page
        .locator("#smtp")
        .getByRole("button", { name: t(lang, "smtp.save") })
        .click();
      await page.locator("#smtp .notice").getByText(t(lang, "smtp.saved")).waitFor();
      await page
        .locator("#smtp")
        .getByRole("button", { name: t(lang, "smtp.test"), exact: true })
        .click();
      await page.locator("#smtp .notice").getByText(t(lang, "smtp.testOk")).waitFor();

      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("#smtp *")].filter((element) => element.getBoundingClientRect().right > width + 0.5 && element.checkVisibility());
        return { width, wide: wide.map((element) => element.getAttribute("name") ?? element.tagName) };
      });
      expect(overflow).toEqual({ width: 375, wide: [] });
      await watched.screenshot(`smtp-settings-phone-${lang}`);
    });
  }, 60_000);
});
