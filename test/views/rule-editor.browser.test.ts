/**
 * The rule editor in a real Chromium against the real server and database,
 * in German and English: a nested rule is built with the editor's own
 * buttons and pickers (htmx re-renders the form after each), the live
 * preview shows the count, the list of messages and the static checks'
 * warning, the rule is saved and is on /rules. At a phone's width (375 px)
 * the editor fits the screen and can still be used. The test waits for
 * elements and texts, never for a time.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { createRule, listRules } from "../../src/rules/store.ts";
import { createTag } from "../../src/tags/store.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { withPage } from "../support/browser.ts";
import { makeMessage } from "../support/messages.ts";
import { serveTestApp } from "../support/test-app.ts";

const { services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

/** A mailbox with three messages, two of them invoices, and a rule that flags everything and stops (so a new rule after it is shadowed). */
async function mailbox() {
  const box = await seedMailbox(services);
  const ids: string[] = [];
  for (const subject of ["Rechnung März", "Vorlesung Analysis", "Rechnung April"])
    ids.push(await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject, body: "Text", messageId: `<browser-editor-${crypto.randomUUID()}@example.org>` })));
  await createRule(services.sql, box.user.dataKey, box.user.user.id, { name: "Alles", definition: { condition: { type: "all", conditions: [] }, actions: [{ type: "flag" }, { type: "stop" }] } });
  return { box, ids };
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const op = (page: Page, value: string) => page.locator(`button[name="op"][value="${value}"]`);

/** Picks a condition's or action's type and waits until htmx has put in the form the server rendered for it (its option marked selected, the new type's field there). */
async function pickType(page: Page, name: string, type: string, appears: string) {
  // A select swapped in a moment ago may not have htmx's listener yet: its change is then lost, so it is made again.
  for (let attempt = 0; ; attempt++) {
    await field(page, name).selectOption(type);
    await field(page, name).dispatchEvent("change");
    try {
      await page.locator(`[name="${name}"] option[value="${type}"][selected]`).waitFor({ state: "attached", timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await field(page, appears).waitFor();
}

describe.each(["de", "en"] as const)("the rule editor (%s)", (lang) => {
  test("builds a nested rule with a live preview and a warning, saves it, and it is on /rules", async () => {
    const { box, ids } = await mailbox();
    await withPage(baseUrl, { lang, cookie: box.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/rules`);
      await page.getByRole("link", { name: t(lang, "ruleEditor.new") }).click();
      await page.getByRole("heading", { name: t(lang, "ruleEditor.titleNew") }).waitFor();

      await page.getByLabel(t(lang, "ruleEditor.name"), { exact: true }).fill("Rechnungen vom Shop");
      // all of: subject contains "rechnung", and any of (sender contains "shop", size under 1 MB)
      await field(page, "c.0.field").selectOption("subject");
      await field(page, "c.0.value").fill("rechnung");
      await op(page, "group:c").click();
      await field(page, "c.1.0.type").waitFor();
      await pickType(page, "c.1.type", "any", "c.1.0.value");
      await field(page, "c.1.0.value").fill("shop");
      await op(page, "add:c.1").click();
      await pickType(page, "c.1.1.type", "size", "c.1.1.amount");
      await field(page, "c.1.1.op").selectOption("lt");
      await field(page, "c.1.1.amount").fill("1");
      await field(page, "c.1.1.unit").selectOption("MB");
      // Then: flag (the first action) and add a second one, mark read.
      await op(page, "add-action").click();
      await pickType(page, "a.1.type", "mark-read", "a.1.type");

      const count = page.locator(".rule-preview-count");
      await count.filter({ hasText: t(lang, "ruleEditor.preview.count", { count: "2", days: "30" }) }).waitFor();
      const links = await page.locator(".rule-preview-list a").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")));
      expect(links.sort()).toEqual([`/messages/${ids[0]}`, `/messages/${ids[2]}`].sort());
      await page.locator('.rule-preview [data-warning-code="shadowed"]').waitFor();
      expect(await page.locator('.rule-preview [data-warning-code="shadowed"]').textContent()).toContain(t(lang, "ruleChecks.rule", { position: "1", name: "Alles" }));
      await watched.screenshot(`rule-editor-${lang}`);

      await page.getByRole("button", { name: t(lang, "ruleEditor.save") }).click();
      await page.getByText(t(lang, "ruleEditor.saved")).waitFor();
      // The saved rule's warnings are said after saving too.
      await page.locator('[data-warning-code="shadowed"]').first().waitFor();

      const saved = (await listRules(services.sql, box.user.dataKey, box.user.user.id)).find((rule) => rule.name === "Rechnungen vom Shop");
      expect(saved?.definition).toEqual({
        condition: {
          type: "all",
          conditions: [
            { type: "text", field: "subject", match: "contains", value: "rechnung" },
            {
              type: "any",
              conditions: [
                { type: "text", field: "from", match: "contains", value: "shop" },
                { type: "size", op: "lt", bytes: 1024 * 1024 },
              ],
            },
          ],
        },
        actions: [{ type: "flag" }, { type: "mark-read" }],
      });

      await page.getByRole("link", { name: t(lang, "ruleEditor.back") }).click();
      await page.locator(`tr[data-rule-id="${saved!.id}"]`, { hasText: "Rechnungen vom Shop" }).waitFor();
    });
  });

  test("a refused save shows the problem at its field; at 375 px the editor fits and works", async () => {
    const { box } = await mailbox();
    await createTag(services.sql, box.user.dataKey, box.user.user.id, "Rechnungen");
    await withPage(baseUrl, { lang, cookie: box.user.cookie, viewport: { width: 375, height: 800 } }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/rules/new?template=invoices`);
      await op(page, "group:c").click();
      await pickType(page, "c.2.0.type", "age", "c.2.0.days");
      await field(page, "c.2.0.days").fill("viele");
      await page.getByRole("button", { name: t(lang, "ruleEditor.save") }).click();
      const problem = page.locator('[id="c.2.0.days-error"]');
      await problem.waitFor();
      expect(await problem.textContent()).toBe(t(lang, "ruleEditor.error.number"));
      expect(await field(page, "c.2.0.days").getAttribute("aria-invalid")).toBe("true");

      await field(page, "c.2.0.days").fill("3");
      await page.locator(".rule-preview-count").waitFor();
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("main *")].filter((element) => element.getBoundingClientRect().right > width + 0.5 && element.checkVisibility());
        return { scroll: document.documentElement.scrollWidth, width, wide: wide.map((element) => element.getAttribute("name") ?? element.tagName) };
      });
      expect(overflow).toEqual({ scroll: 375, width: 375, wide: [] });
      await watched.screenshot(`rule-editor-phone-${lang}`);
    });
  });
});
