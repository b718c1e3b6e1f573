/**
 * Signing up, the second factor, signing in and invitations, in a real
 * Chromium against the real server and database, in German and English.
 *
 * The tests run in order on one database: the first one finds it empty and
 * creates the administrator, the second signs that administrator in again
 * with the recovery codes the browser was shown.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { createInvitation } from "../../src/auth/invitations.ts";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { t, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import { submit, withPage, type WatchedPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

/** Four groups of four Crockford base32 characters (no I, L, O, U). */
const RECOVERY_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

const { services, baseUrl, close } = await serveTestApp();
afterAll(close);

/** What the first test created through the browser, for the sign-in test. */
const firstAdmin = { email: "anna.admin@example.org", name: "Anna Admin", password: "Wolke Fahrrad Tasse Leuchtturm", totpSecret: "", recoveryCodes: [] as string[] };

const button = (page: Page, lang: Lang, key: MessageKey) => page.getByRole("button", { name: t(lang, key), exact: true });
const field = (page: Page, lang: Lang, key: MessageKey) => page.getByLabel(t(lang, key), { exact: true });
const formError = (page: Page) => page.locator(".form-error");

async function signIn(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await field(page, lang, "signin.email").fill(email);
  await field(page, lang, "signin.password").fill(password);
  await submit(page, button(page, lang, "signin.submit"));
}

async function enterSecondFactor(page: Page, lang: Lang, code: string): Promise<void> {
  await field(page, lang, "secondFactor.code").fill(code);
  await submit(page, button(page, lang, "secondFactor.submit"));
}

/** On the set-up page: reads the key as a person would type it into the app, confirms with its current code; returns the key and the recovery codes shown. */
async function setUpSecondFactor(watched: WatchedPage, lang: Lang, screenshotPrefix: string): Promise<{ secret: string; codes: string[] }> {
  const { page } = watched;
  expect(new URL(page.url()).pathname).toBe("/setup/second-factor");
  expect(await page.locator("h1").textContent()).toBe(t(lang, "setup.title"));
  await page.locator(".qr svg").waitFor();
  const secret = (await page.locator("code.secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await watched.screenshot(`${screenshotPrefix}-setup-second-factor-${lang}`);
  await field(page, lang, "secondFactor.code").fill(currentTotpCode(secret, Date.now()));
  await submit(page, button(page, lang, "setup.submit"));
  expect(await page.locator("h1").textContent()).toBe(t(lang, "recovery.title"));
  const codes = await page.locator("ol.recovery-codes li code").allTextContents();
  await watched.screenshot(`${screenshotPrefix}-recovery-codes-${lang}`);
  return { secret, codes };
}

/** A six-digit code that is none of the ones the server accepts now (the current step and one either side). */
function wrongTotpCode(secret: string): string {
  const valid = [-30_000, 0, 30_000].map((offset) => currentTotpCode(secret, Date.now() + offset));
  return ["000000", "111111", "222222", "333333"].find((code) => !valid.includes(code))!;
}

async function signOut(page: Page, lang: Lang): Promise<void> {
  await submit(page, page.locator("form.signout").getByRole("button", { name: t(lang, "nav.signOut") }));
  expect(new URL(page.url()).pathname).toBe("/signin");
}

describe("first run", () => {
  test("the first visitor creates the administrator account, sets up the second factor and gets ten recovery codes", async () => {
    await withPage(baseUrl, { lang: "de" }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      expect(new URL(page.url()).pathname).toBe("/signin");
      expect(await page.locator(".notice").textContent()).toContain(t("de", "signin.firstRun"));
      await watched.screenshot("auth-signin-first-run-de");

      await Promise.all([page.waitForURL(`${baseUrl}/signup`), page.getByRole("link", { name: t("de", "signin.firstRunLink") }).click()]);
      expect(await page.locator("h1").textContent()).toBe(t("de", "signup.firstTitle"));
      expect(await page.locator(".warning").textContent()).toBe(t("de", "keys.lossWarning"));
      await field(page, "de", "signin.email").fill(firstAdmin.email);
      await field(page, "de", "signup.name").fill(firstAdmin.name);

      // A password under twelve characters is refused; what was typed apart from it stays.
      await field(page, "de", "signin.password").fill("Kurz 123");
      await submit(page, button(page, "de", "signup.submit"));
      expect(await formError(page).textContent()).toBe(t("de", "password.too_short"));
      expect(await field(page, "de", "signin.email").inputValue()).toBe(firstAdmin.email);
      await watched.screenshot("auth-signup-first-run-too-short-de");

      await field(page, "de", "signin.password").fill(firstAdmin.password);
      await submit(page, button(page, "de", "signup.submit"));
      const { secret, codes } = await setUpSecondFactor(watched, "de", "auth-first-run");
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
      expect(new Set(codes).size).toBe(10);
      Object.assign(firstAdmin, { totpSecret: secret, recoveryCodes: codes });

      await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole("link", { name: t("de", "recovery.continue") }).click()]);
      expect(await page.locator("h1").textContent()).toBe(t("de", "home.welcome", { name: firstAdmin.name }));
      await page
        .locator("nav")
        .getByRole("link", { name: t("de", "nav.admin") })
        .waitFor();
      await page.locator("#status .status").waitFor();
      await watched.screenshot("auth-home-first-admin-de");
    });
  });
});

describe("sign-in", () => {
  test("needs the second factor: a wrong code is refused, a recovery code works once", async () => {
    expect(firstAdmin.recoveryCodes).toHaveLength(10); // set by the first-run test
    const [firstCode, secondCode] = firstAdmin.recoveryCodes;
    await withPage(baseUrl, { lang: "de" }, async (watched) => {
      const { page } = watched;
      await signIn(page, "de", firstAdmin.email, firstAdmin.password);
      expect(new URL(page.url()).pathname).toBe("/signin/second-factor");
      expect(await page.locator("h1").textContent()).toBe(t("de", "secondFactor.title"));
      // Half signed in: the rest of the app still sends the browser back here.
      await page.goto(`${baseUrl}/account/security`);
      expect(new URL(page.url()).pathname).toBe("/signin/second-factor");

      await enterSecondFactor(page, "de", wrongTotpCode(firstAdmin.totpSecret));
      expect(await formError(page).textContent()).toBe(t("de", "secondFactor.invalid"));
      await watched.screenshot("auth-second-factor-wrong-code-de");

      await enterSecondFactor(page, "de", firstCode!.toLowerCase());
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await page.locator("h1").textContent()).toBe(t("de", "home.welcome", { name: firstAdmin.name }));
      await signOut(page, "de");

      await signIn(page, "de", firstAdmin.email, firstAdmin.password);
      await enterSecondFactor(page, "de", firstCode!);
      expect(await formError(page).textContent()).toBe(t("de", "secondFactor.invalid"));
      await watched.screenshot("auth-second-factor-used-recovery-code-de");

      await enterSecondFactor(page, "de", secondCode!);
      expect(new URL(page.url()).pathname).toBe("/");
      await page.goto(`${baseUrl}/account/security`);
      expect(await page.locator("main").textContent()).toContain(t("de", "recovery.left", { count: "8" }));
    });
  });

  test("a fresh TOTP code signs in, and the same code is refused the second time (English)", async () => {
    const user = await createTestUser(services, { email: "tom.totp@example.org" });
    await withPage(baseUrl, { lang: "en" }, async (watched) => {
      const { page } = watched;
      await signIn(page, "en", user.user.email, user.password);
      expect(new URL(page.url()).pathname).toBe("/signin/second-factor");
      await enterSecondFactor(page, "en", wrongTotpCode(user.totpSecret));
      expect(await formError(page).textContent()).toBe(t("en", "secondFactor.invalid"));

      const code = currentTotpCode(user.totpSecret, Date.now());
      await enterSecondFactor(page, "en", code);
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await page.locator("h1").textContent()).toBe(t("en", "home.welcome", { name: user.user.email }));
      // An ordinary user has no administration.
      expect(
        await page
          .locator("nav")
          .getByRole("link", { name: t("en", "nav.admin") })
          .count(),
      ).toBe(0);
      await watched.screenshot("auth-home-user-en");
      await signOut(page, "en");

      await signIn(page, "en", user.user.email, user.password);
      await enterSecondFactor(page, "en", code);
      expect(await formError(page).textContent()).toBe(t("en", "secondFactor.invalid"));
      await watched.screenshot("auth-second-factor-reused-totp-en");
    });
  });

  test("a wrong password is refused with the translated message", async () => {
    for (const lang of ["de", "en"] as const) {
      await withPage(baseUrl, { lang }, async (watched) => {
        const { page } = watched;
        await signIn(page, lang, firstAdmin.email, "not the password at all");
        expect(new URL(page.url()).pathname).toBe("/signin");
        expect(await formError(page).textContent()).toBe(t(lang, "signin.invalid"));
        expect(await field(page, lang, "signin.email").inputValue()).toBe(firstAdmin.email);
        await watched.screenshot(`auth-signin-wrong-password-${lang}`);
      });
    }
  });
});

describe("invitations", () => {
  test("an administrator invites someone, who signs up with the link once (English)", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const inviteeEmail = "ida.invited@example.org";
    let link = "";
    await withPage(baseUrl, { lang: "en", cookie: admin.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/admin/invitations`);
      await field(page, "en", "invitations.email").fill(inviteeEmail);
      await submit(page, button(page, "en", "invitations.create"));
      link = await page.locator("input.copy").inputValue();
      expect(link).toStartWith(`${baseUrl}/signup?token=`);
      const row = page.locator("tbody tr", { hasText: inviteeEmail });
      expect(await row.getAttribute("data-state")).toBe("open");
      await watched.screenshot("auth-invitation-created-en");
    });

    await withPage(baseUrl, { lang: "en" }, async (watched) => {
      const { page } = watched;
      await page.goto(link);
      expect(await page.locator("h1").textContent()).toBe(t("en", "signup.title"));
      expect(await page.locator(".warning").textContent()).toBe(t("en", "keys.lossWarning"));
      expect(await field(page, "en", "signin.email").inputValue()).toBe(inviteeEmail);
      await field(page, "en", "signup.name").fill("Ida Invited");
      await field(page, "en", "signin.password").fill("Regenschirm Birke Kompass");
      await watched.screenshot("auth-signup-invited-en");
      await submit(page, button(page, "en", "signup.submit"));
      const { codes } = await setUpSecondFactor(watched, "en", "auth-invited");
      expect(codes).toHaveLength(10);
      await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole("link", { name: t("en", "recovery.continue") }).click()]);
      expect(await page.locator("h1").textContent()).toBe(t("en", "home.welcome", { name: "Ida Invited" }));
      expect(
        await page
          .locator("nav")
          .getByRole("link", { name: t("en", "nav.admin") })
          .count(),
      ).toBe(0);
    });

    await withPage(baseUrl, { lang: "en" }, async (watched) => {
      const { page } = watched;
      const response = await page.goto(link);
      expect(response?.status()).toBe(404);
      expect(await formError(page).textContent()).toBe(t("en", "signup.invitationInvalid"));
      expect(await page.locator("form[action='/signup']").count()).toBe(0);
      await watched.screenshot("auth-invitation-used-en");
    });

    await withPage(baseUrl, { lang: "en", cookie: admin.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/admin/invitations`);
      expect(await page.locator("tbody tr", { hasText: inviteeEmail }).getAttribute("data-state")).toBe("used");
    });
  });

  test("a too short or too common password is refused in German and, after the language switch, in English", async () => {
    const { token } = await createInvitation(services.sql, { createdBy: null, role: "user", days: 1 });
    const link = `${baseUrl}/signup?token=${token}`;
    await withPage(baseUrl, { lang: "de" }, async (watched) => {
      const { page } = watched;
      const tryPassword = async (lang: Lang, password: string) => {
        await field(page, lang, "signin.email").fill("wenzel.weak@example.org");
        await field(page, lang, "signin.password").fill(password);
        await submit(page, button(page, lang, "signup.submit"));
        expect(new URL(page.url()).pathname).toBe("/signup");
        return await formError(page).textContent();
      };

      await page.goto(link);
      expect(await tryPassword("de", "kurz")).toBe(t("de", "password.too_short"));
      expect(await tryPassword("de", "password1234")).toBe(t("de", "password.common"));
      await watched.screenshot("auth-signup-weak-password-de");

      await page.goto(`${baseUrl}/signin`);
      await page.selectOption("select[name=lang]", "en");
      await submit(page, page.locator(".lang-switch button"));
      expect(await page.locator("html").getAttribute("lang")).toBe("en");

      await page.goto(link);
      expect(await tryPassword("en", "short")).toBe(t("en", "password.too_short"));
      expect(await tryPassword("en", "password1234")).toBe(t("en", "password.common"));
      await watched.screenshot("auth-signup-weak-password-en");
    });
  });
});
