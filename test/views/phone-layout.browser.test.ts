/**
 * Every page at a phone's size (390 × 844 CSS pixels), in German and
 * English: nothing scrolls sideways and no visible element reaches past the
 * right edge of the screen. The signed-in pages are the app's own GET routes
 * (test/support/routes.ts), so a page added later is walked too; an
 * administrator signs in, so the admin pages are among them. The mail has
 * what makes pages wide in practice: a long subject, a long sender address
 * and an unbroken link in the text.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { createInvitation } from "../../src/auth/invitations.ts";
import { withPage } from "../support/browser.ts";
import { appRoutes, fillPath, rowIdsOf } from "../support/routes.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { app, db, services, baseUrl, close } = await serveTestApp();
afterAll(close);

const PHONE = { width: 390, height: 844 };

/** GET routes that are not pages: the JSON API, files, health checks, fragments loaded into a page, downloads. */
const NOT_PAGES = [
  /^\/api\/v1\//,
  /^\/static\//,
  /^\/healthz$/,
  /^\/metrics$/,
  /^\/readyz$/,
  /^\/openapi\.json$/,
  /^\/api\/openapi/,
  /\/body$/,
  /\/attachment$/,
  /\/download$/,
  /\/progress$/,
  /\/ics$/,
  /^\/admin\/status\/check$/,
  /^\/actions\/status$/,
  /^\/signout$/,
];

const admin = await createTestUser(services, { role: "admin" });
const ids = rowIdsOf(services, admin, admin);
const box = await createTestMailbox(services, admin, "Universität Beispielstadt – Fakultät für Informatik");
const [wideMessage] = await storeMails(services, admin, box, [
  {
    subject: "Ihre Rechnung Nr. 2026-000123456789-DE für Dezember – bitte bis Freitag prüfen, freigeben und an die Buchhaltung weiterleiten",
    from: "Kundenservice der Beispiel-Versicherungsgesellschaft <kundenservice.rechnungsabteilung@versicherungsgesellschaft-beispiel.example>",
    to: "sehr.langer.empfaengername@universitaet-beispielstadt.example",
    body: "Guten Tag,\n\nhier der Link: https://portal.versicherungsgesellschaft-beispiel.example/rechnungen/2026/000123456789/ansehen?sitzung=abcdefghijklmnopqrstuvwxyz0123456789\n\nMit freundlichen Grüßen",
  },
]);
const [wideThread] = await db.sql`select thread_id from messages where id = ${wideMessage!}`;

/** The pages to walk: every GET page route with real ids, and the wide message and its thread. */
async function signedInPages(): Promise<string[]> {
  const paths = appRoutes(app)
    .filter((route) => route.method === "GET" && !NOT_PAGES.some((pattern) => pattern.test(route.path)))
    .map((route) => route.path);
  const filled = [];
  for (const path of paths) filled.push(await fillPath(path, ids));
  return [
    ...filled,
    `/messages/${wideMessage}`,
    `/threads/${wideThread!.thread_id}`,
    "/messages?q=rechnung",
    "/leave?to=https%3A%2F%2Fportal.example%2Fa%2Fvery%2Flong%2Fpath%2Fthat%2Fgoes%2Fon%2Fand%2Fon%2Fand%2Fon%3Fwith%3Dparameters",
  ];
}

/** What reaches past the right edge: the document's own width, then each visible element's (described by tag, id and class). */
function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const found: string[] = [];
    if (root.scrollWidth > width) found.push(`document scrollWidth ${root.scrollWidth} > ${width}`);
    for (const element of document.body.querySelectorAll("*")) {
      if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5) {
        const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${element.classList.length ? `.${[...element.classList].join(".")}` : ""}`;
        found.push(`${name} right ${Math.round(box.right)} > ${width}`);
      }
    }
    return found;
  });
}

describe.each(["de", "en"] as const)("at 390 × 844 (%s)", (lang) => {
  test("no page scrolls sideways or has an element past the right edge", async () => {
    const found: Record<string, string[]> = {};
    const visited: string[] = [];
    await withPage(baseUrl, { lang, cookie: admin.cookie }, async ({ page, screenshot }) => {
      await page.setViewportSize(PHONE);
      for (const path of await signedInPages()) {
        const response = await page.goto(`${baseUrl}${path}`);
        if (!response?.headers()["content-type"]?.startsWith("text/html")) continue;
        visited.push(new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ":id"));
        const problems = await overflow(page);
        if (problems.length) found[path] = problems.slice(0, 8);
      }
      // The message list on a phone still shows each row's priority, sender, subject and date.
      await page.goto(`${baseUrl}/messages`);
      const row = page.locator(`tr[data-message-id="${wideMessage}"]`);
      for (const cell of ["priority", "from", "subject", "date"]) expect({ cell, visible: await row.locator(`td.${cell}`).isVisible() }).toEqual({ cell, visible: true });
      for (const path of ["/", "/messages", `/messages/${wideMessage}`]) {
        await page.goto(`${baseUrl}${path}`);
        await screenshot(`phone-${path === "/" ? "dashboard" : path === "/messages" ? "messages" : "message"}-${lang}`);
      }
    });
    const { token } = await createInvitation(db.sql, { createdBy: admin.user.id, role: "user", days: 1 });
    await withPage(baseUrl, { lang }, async ({ page, screenshot }) => {
      await page.setViewportSize(PHONE);
      for (const path of ["/signin", `/signup?token=${token}`, "/signin/second-factor"]) {
        await page.goto(`${baseUrl}${path}`);
        const problems = await overflow(page);
        if (problems.length) found[path] = problems.slice(0, 8);
      }
      await page.goto(`${baseUrl}/signin`);
      await screenshot(`phone-signin-${lang}`);
    });
    expect(found).toEqual({});
    // The walk reached the main pages (a route that redirected elsewhere would be missing here).
    for (const path of [
      "/",
      "/messages",
      "/messages/:id",
      "/threads",
      "/threads/:id",
      "/accounts",
      "/accounts/:id",
      "/accounts/new",
      "/settings/ai",
      "/settings/senders",
      "/account/security",
      "/account/sessions",
      "/account/password",
      "/admin/users",
      "/admin/invitations",
      "/admin/audit",
      "/admin/status",
      "/api/docs",
    ]) {
      expect({ path, visited: visited.includes(path) }).toEqual({ path, visited: true });
    }
  });

  test("the header collapses behind a menu button that opens the navigation", async () => {
    await withPage(baseUrl, { lang, cookie: admin.cookie }, async ({ page, screenshot }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`${baseUrl}/`);
      const nav = page.locator("header.topbar nav");
      expect(await nav.isVisible()).toBe(false);
      const menu = page.locator("header.topbar details.menu > summary");
      await menu.click();
      expect(await nav.isVisible()).toBe(true);
      await screenshot(`phone-menu-${lang}`);
      await nav.locator('a[href="/messages"]').click();
      await page.waitForURL(`${baseUrl}/messages`);
      // The header stays one row high: the brand and the menu button.
      const header = await page.locator("header.topbar").boundingBox();
      expect(header!.height).toBeLessThan(80);

      // Wider than a phone there is no menu button: the navigation is in the header's row and reached by Tab.
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${baseUrl}/`);
      expect(await page.locator("header.topbar details.menu > summary").isVisible()).toBe(false);
      expect(await nav.isVisible()).toBe(true);
      await page.locator("a.brand").focus();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("/");
      expect(await page.evaluate(() => document.activeElement?.closest("nav") !== null)).toBe(true);
    });
  });
});
