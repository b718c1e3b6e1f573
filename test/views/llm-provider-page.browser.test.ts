/**
 * The AI settings page in a real Chromium against the real server and the
 * LLM stub, German and English: "load models" and "test connection" answer
 * in place (htmx, no reload) with the form's unsaved values, the chosen
 * model is saved, a mailbox's visibility changes in place; no CSP errors,
 * no request leaves the app from the browser.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { loadLlmSettings } from "../../src/analysis/llm/settings.ts";
import { t, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { submit, withPage } from "../support/browser.ts";
import { startLlmStub } from "../support/llm-stub.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { waitFor } from "../support/wait.ts";

const { db, services, baseUrl, close } = await serveTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await close();
});

const field = (page: Page, lang: Lang, key: MessageKey) => page.getByLabel(t(lang, key), { exact: true });
const button = (page: Page, lang: Lang, key: MessageKey) => page.getByRole("button", { name: t(lang, key), exact: true });

async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
  return () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
}

describe.each(["de", "en"] as const)("AI settings (%s)", (lang) => {
  test("set up a provider: load its models in place, test it, choose a model, save", async () => {
    stub.reset();
    stub.apiKey = "sk-browser-key";
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      await page.getByRole("link", { name: t(lang, "ai.nav"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/settings/ai`);
      expect(await page.locator("h1").textContent()).toBe(t(lang, "ai.title"));
      const notReloaded = await markDocument(page);

      await field(page, lang, "ai.field.kind").selectOption("openai");
      await field(page, lang, "ai.field.baseUrl").fill(`${stub.url}/v1`);
      await field(page, lang, "ai.field.apiKey").fill("sk-browser-key");
      await button(page, lang, "ai.models.load").click();
      const model = page.locator("select#model");
      await model.waitFor();
      expect(await model.locator("option").allTextContents()).toEqual(["stub-large", "stub-model"]);
      await model.selectOption("stub-model");
      await page.locator("select#secondOpinionModel").selectOption("stub-large");

      await button(page, lang, "ai.test.run").click();
      await page.locator('#ai-test-result [data-reason="ok"]').waitFor();
      expect(await page.locator("#ai-test-result").textContent()).toContain(t(lang, "ai.test.modelFound", { model: "stub-model" }));
      expect(await notReloaded()).toBe(true);
      await watched.screenshot(`ai-settings-${lang}`);

      await submit(page, button(page, lang, "ai.save"));
      expect(await page.getByRole("status").first().textContent()).toContain(t(lang, "ai.saved"));
      expect(await page.content()).not.toContain("sk-browser-key");
    });
    expect(await loadLlmSettings(db.sql, user.dataKey, user.user.id)).toMatchObject({ kind: "openai", model: "stub-model", secondOpinionModel: "stub-large", apiKey: "sk-browser-key" });
    // The browser never talked to the provider; the server did, with the key.
    expect(stub.requests.every((request) => request.headers.authorization === "Bearer sk-browser-key")).toBe(true);
  });

  test("a refused key shows its reason in place", async () => {
    stub.reset();
    stub.apiKey = "the-real-one";
    const user = await createTestUser(services);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/settings/ai`);
      await field(page, lang, "ai.field.kind").selectOption("anthropic");
      await field(page, lang, "ai.field.baseUrl").fill(stub.url);
      await field(page, lang, "ai.field.apiKey").fill("a-wrong-one");
      await button(page, lang, "ai.test.run").click();
      await page.locator('#ai-test-result [data-reason="unauthorized"]').waitFor();
      expect(await page.locator("#ai-test-result").textContent()).toContain(t(lang, "ai.reason.unauthorized"));
    });
  });

  test("a mailbox's visibility changes in place", async () => {
    const user = await createTestUser(services);
    const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "Uni", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    await withPage(baseUrl, { lang, cookie: user.cookie }, async ({ page }) => {
      await page.goto(`${baseUrl}/settings/ai`);
      const notReloaded = await markDocument(page);
      await page.getByLabel("Uni", { exact: true }).selectOption("headers");
      await page.locator(`#account-visibility-${account.id}[data-visibility="headers"]`).waitFor();
      expect(await notReloaded()).toBe(true);
    });
    await waitFor(async () => (await db.sql`select llm_visibility from mail_accounts where id = ${account.id}`)[0]!.llm_visibility === "headers");
  });
});
