/**
 * The account pages (devices, password, key mode) and the administration
 * of users, in a real Chromium against the real server and database, in
 * German and English. Users are created directly and the browser starts
 * signed in with their session cookie.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Locator, Page } from "playwright-core";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { t, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import { markDocument, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { cookieFor, createTestUser, signInAs, type TestUser } from "../support/users.ts";

const PHONE = { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1", address: "198.51.100.7" };

const { services, baseUrl, close } = await serveTestApp();
afterAll(close);

const button = (scope: Page | Locator, lang: Lang, key: MessageKey) => scope.getByRole("button", { name: t(lang, key), exact: true });
const field = (page: Page, lang: Lang, key: MessageKey) => page.getByLabel(t(lang, key), { exact: true });

/** The status of GET /api/v1/me with this session cookie, as any client would see it. */
async function meStatus(cookie: string): Promise<number> {
  return (await fetch(`${baseUrl}/api/v1/me`, { headers: { Cookie: cookie } })).status;
}

describe.each(["de", "en"] as const)("signed-in devices (%s)", (lang) => {
  test("lists both sessions, marks this one, and ends the other in place", async () => {
    const user = await createTestUser(services);
    const phoneCookie = cookieFor(services, await signInAs(services, user.user, user.dataKey, PHONE));
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/sessions`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "sessions.title"));
      const rows = page.locator("tbody tr");
      expect(await rows.count()).toBe(2);
      const current = rows.filter({ has: page.locator(".badge") });
      expect(await current.locator(".badge").textContent()).toBe(t(lang, "sessions.current"));
      expect(await current.locator("form").count()).toBe(0); // this device is signed out with the nav button
      const phone = rows.filter({ hasText: PHONE.address });
      expect(await phone.textContent()).toContain("Safari · iOS");
      expect(await phone.locator(".badge").count()).toBe(0);
      await watched.screenshot(`account-sessions-${lang}`);

      const notReloaded = await markDocument(page);
      await phone.getByRole("button", { name: t(lang, "sessions.end") }).click(); // its name also names the device
      await phone.waitFor({ state: "detached" });
      expect(await notReloaded()).toBe(true);
      // No other device is left, so the button to sign them all out goes too.
      expect(await page.locator("#end-others button").count()).toBe(0);
      expect(await rows.count()).toBe(1);
      expect(await rows.locator(".badge").textContent()).toBe(t(lang, "sessions.current"));
      await watched.screenshot(`account-sessions-after-end-${lang}`);
    });
    expect(await meStatus(phoneCookie)).toBe(401);
    expect(await meStatus(user.cookie)).toBe(200);
  });
});

describe("password change", () => {
  test("a wrong current password is refused; a right one changes it and signs out the other device", async () => {
    const user = await createTestUser(services);
    const phoneCookie = cookieFor(services, await signInAs(services, user.user, user.dataKey, PHONE));
    const newPassword = "Sonnenblume Kanu Ziegel Abend";
    await withPage(baseUrl, { lang: "de", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/password`);
      expect(await page.locator(".warning").textContent()).toBe(t("de", "keys.lossWarning"));

      await field(page, "de", "passwordChange.current").fill("nicht das Passwort");
      await field(page, "de", "passwordChange.new").fill(newPassword);
      await submit(page, button(page, "de", "passwordChange.submit"));
      expect(await page.locator(".form-error").textContent()).toBe(t("de", "passwordChange.wrong"));
      await watched.screenshot("account-password-wrong-de");
      expect(await meStatus(phoneCookie)).toBe(200);

      await field(page, "de", "passwordChange.current").fill(user.password);
      await field(page, "de", "passwordChange.new").fill(newPassword);
      await submit(page, button(page, "de", "passwordChange.submit"));
      expect(await page.locator(".notice").textContent()).toBe(t("de", "passwordChange.done"));
      expect(await page.locator(".form-error").count()).toBe(0);
      await watched.screenshot("account-password-changed-de");

      // This browser got a new session; it is the only one left.
      await page.goto(`${baseUrl}/account/sessions`);
      expect(await page.locator("tbody tr").count()).toBe(1);
      expect(await page.locator("tbody .badge").textContent()).toBe(t("de", "sessions.current"));
    });
    expect(await meStatus(phoneCookie)).toBe(401);
    expect(await meStatus(user.cookie)).toBe(401); // the session was renewed with a new token

    // The new password is the one that signs in now.
    await withPage(baseUrl, { lang: "de" }, async ({ page }) => {
      await page.goto(`${baseUrl}/signin`);
      await field(page, "de", "signin.email").fill(user.user.email);
      await field(page, "de", "signin.password").fill(newPassword);
      await submit(page, button(page, "de", "signin.submit"));
      expect(new URL(page.url()).pathname).toBe("/signin/second-factor");
    });
  });
});

describe("key mode", () => {
  test("switches to strict mode with the password and back (English)", async () => {
    const user = await createTestUser(services);
    const phoneCookie = cookieFor(services, await signInAs(services, user.user, user.dataKey, PHONE));
    await withPage(baseUrl, { lang: "en", cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      const mode = page.locator("[data-key-mode]");
      const switchTo = async (target: "strict" | "background", password: string) => {
        await field(page, "en", "security.confirmPassword").fill(password);
        await submit(page, page.getByRole("button", { name: `${t("en", "security.switchTo")} ${t("en", `security.mode.${target}`)}` }));
      };

      await page.goto(`${baseUrl}/account/security`);
      expect(await mode.getAttribute("data-key-mode")).toBe("background");

      await switchTo("strict", "not my password");
      expect(await page.locator(".form-error").textContent()).toBe(t("en", "passwordChange.wrong"));
      expect(await mode.getAttribute("data-key-mode")).toBe("background");

      await switchTo("strict", user.password);
      expect(await page.locator(".notice").textContent()).toBe(t("en", "security.modeChanged"));
      expect(await mode.getAttribute("data-key-mode")).toBe("strict");
      expect(await mode.textContent()).toBe(t("en", "security.mode.strict"));
      await watched.screenshot("account-key-mode-strict-en");
      // Kept after a reload: this session holds the key now; the other device held none and was signed out.
      await page.reload();
      expect(await mode.getAttribute("data-key-mode")).toBe("strict");
      expect(await meStatus(phoneCookie)).toBe(401);

      await switchTo("background", user.password);
      expect(await page.locator(".notice").textContent()).toBe(t("en", "security.modeChanged"));
      expect(await mode.getAttribute("data-key-mode")).toBe("background");
      expect(await mode.textContent()).toBe(t("en", "security.mode.background"));
      await watched.screenshot("account-key-mode-background-en");
    });
  });
});

describe.each(["de", "en"] as const)("administration of users (%s)", (lang) => {
  let admin: TestUser;
  let target: TestUser;
  beforeAll(async () => {
    admin = await createTestUser(services, { role: "admin" });
    target = await createTestUser(services, { email: `tilda.${lang}@example.org` });
  });

  test("disables and enables a user in place", async () => {
    await withPage(baseUrl, { lang, cookie: admin.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/admin/users`);
      const row = page.locator(`tr#user-${target.user.id}`);
      expect(await row.getAttribute("data-status")).toBe("active");
      // Administrators cannot lock themselves out: their own row has no buttons.
      expect(await page.locator(`tr#user-${admin.user.id} button`).count()).toBe(0);
      const notReloaded = await markDocument(page);

      await button(row, lang, "admin.disable").click();
      await page.locator(`tr#user-${target.user.id}[data-status=disabled]`).waitFor();
      expect(await row.locator("td").nth(2).textContent()).toBe(t(lang, "status.disabled"));
      expect(await notReloaded()).toBe(true);
      await watched.screenshot(`admin-users-disabled-${lang}`);
      expect(await meStatus(target.cookie)).toBe(401); // disabling ended the user's sessions
      await withPage(baseUrl, { lang }, async (signIn) => {
        await signIn.page.goto(`${baseUrl}/signin`);
        await field(signIn.page, lang, "signin.email").fill(target.user.email);
        await field(signIn.page, lang, "signin.password").fill(target.password);
        await submit(signIn.page, button(signIn.page, lang, "signin.submit"));
        expect(await signIn.page.locator(".form-error").textContent()).toBe(t(lang, "signin.invalid")); // the same answer as a wrong password: no password oracle
        await signIn.screenshot(`account-signin-disabled-${lang}`);
      });

      await button(row, lang, "admin.enable").click();
      await page.locator(`tr#user-${target.user.id}[data-status=active]`).waitFor();
      expect(await row.locator("td").nth(2).textContent()).toBe(t(lang, "status.active"));
      expect(await notReloaded()).toBe(true);
    });
  });

  test("resets a password: the link in the row lets the user set a new one and set up the second factor again", async () => {
    let link = "";
    await withPage(baseUrl, { lang, cookie: admin.cookie }, async (watched) => {
      const { page } = watched;
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      await page.goto(`${baseUrl}/admin/users`);
      const row = page.locator(`tr#user-${target.user.id}`);
      await button(row, lang, "admin.reset").click();
      const notice = row.locator(".notice");
      await notice.waitFor();
      expect(dialogs).toEqual([t(lang, "admin.confirmReset")]);
      const text = (await notice.textContent())!;
      const [sendTo] = t(lang, "admin.resetLink").split("{email}");
      expect(text.trim()).toStartWith(`${sendTo}${target.user.email}`);
      link = await notice.locator("input.copy").inputValue();
      expect(link).toStartWith(`${baseUrl}/reset-password?token=`);
      // The second factor went with the old data.
      expect(await row.locator("td").nth(3).textContent()).toBe(t(lang, "admin.no"));
      await watched.screenshot(`admin-users-reset-link-${lang}`);
    });
    expect(await meStatus(target.cookie)).toBe(401);

    await withPage(baseUrl, { lang }, async (watched) => {
      const { page } = watched;
      await page.goto(link);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "reset.title"));
      expect(await page.locator(".warning").textContent()).toBe(t(lang, "keys.lossWarning"));
      await field(page, lang, "passwordChange.new").fill("Laterne Gießkanne Wal Pfeffer");
      await watched.screenshot(`account-reset-password-${lang}`);
      await submit(page, button(page, lang, "reset.submit"));
      expect(new URL(page.url()).pathname).toBe("/setup/second-factor");
      const secret = (await page.locator("code.secret").textContent())!.replace(/\s/g, "");
      await field(page, lang, "secondFactor.code").fill(currentTotpCode(secret, Date.now()));
      await submit(page, button(page, lang, "setup.submit"));
      expect(await page.locator("ol.recovery-codes li").count()).toBe(10);
    });

    // Used once: the link is spent.
    await withPage(baseUrl, { lang }, async ({ page }) => {
      expect((await page.goto(link))?.status()).toBe(404);
      expect(await page.locator(".form-error").textContent()).toBe(t(lang, "signup.invitationInvalid"));
    });
  });
});
