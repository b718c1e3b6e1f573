/**
 * The message page in a real Chromium, in German and English: headers, the
 * AI panel, the formatted body in its frame and the plain-text tab, thread
 * navigation, an action through htmx (journaled, shown as pending), "done",
 * keyboard use, and an attachment that arrives as a download.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analysisBinding, type Analysis } from "../../src/analysis/types.ts";
import { encrypt } from "../../src/crypto/aead.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { join } from "node:path";
import { SCREENSHOT_DIR, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { htmlMail, seedMailbox, TINY_PNG } from "../mail/render/seed.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const analysis: Analysis = {
  urgency: { value: 2, confidence: 0.7, reason: { code: "llm", vars: { text: "Antwort bis Freitag erbeten." } } },
  importance: { value: 3, confidence: 0.9, reason: { code: "llm", vars: { text: "Vom Vorgesetzten." } } },
  category: { value: "action_required", confidence: 0.85, reason: { code: "llm", vars: { text: "Bittet um Freigabe." } } },
  spam: { value: false, confidence: 0.99, reason: { code: "known_sender" } },
  newsletter: { value: false, confidence: 0.95, reason: { code: "llm", vars: { text: "Keine Listen-Kopfzeilen." } } },
  summary: "Anna bittet um Freigabe des Budgets bis Freitag.",
  language: "de",
  tags: [],
};

describe.each(["de", "en"] as const)("the message page (%s)", (lang) => {
  test("shows the message, its assessment and body; actions work with the keyboard and htmx; the text tab and thread links work", async () => {
    const box = await seedMailbox(services);
    const first = await box.store(htmlMail({ subject: "Budget 2027", html: "<p>Erste Nachricht</p>", messageId: `<budget-${lang}-1@example.org>`, date: new Date("2026-11-18T08:00:00Z") }));
    const id = await box.store(
      htmlMail({
        subject: "Re: Budget 2027",
        cc: "Carl Kollege <carl@example.org>",
        messageId: `<budget-${lang}-2@example.org>`,
        inReplyTo: `<budget-${lang}-1@example.org>`,
        html: `<h2 style="color:#0b57d0">Freigabe</h2><p>Bitte gib das <b>Budget</b> frei: <a href="https://intranet.example.org/budget">Übersicht</a></p><img src="cid:chart@mail" alt="Diagramm" width="40" height="40"><img src="https://cdn.example.com/logo.png" alt="Logo">`,
        text: "Bitte gib das Budget frei: https://intranet.example.org/budget",
        parts: [
          { contentType: "image/png", filename: "chart.png", contentId: "chart@mail", inline: true, content: TINY_PNG },
          { contentType: "application/pdf", filename: "Budget 2027.pdf", content: "%PDF-1.4 budget" },
        ],
      }),
    );
    await db.sql`insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, provider, model, detail_encrypted)
      values (${id}, ${box.user.user.id}, 2, 3, 'action_required', false, false, 'local', null, ${encrypt(box.user.dataKey, JSON.stringify(analysis), analysisBinding(box.user.user.id, id))})`;

    await withPage(baseUrl, { lang, cookie: box.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages/${id}`);
      expect(await page.locator("h1").textContent()).toBe("Re: Budget 2027");
      expect(await page.locator(".mh-from").textContent()).toBe("Anna Beispiel <anna@example.org>");
      expect(await page.locator(".mh-cc").textContent()).toBe("Carl Kollege <carl@example.org>");
      expect(await page.locator(".mh-folder").textContent()).toBe(t(lang, "accounts.role.inbox"));
      expect(await page.locator(".mh-score").textContent()).toBe(t(lang, "message.ai.scoreValue", { score: "7" }));
      expect(await page.locator(".mh-summary").textContent()).toBe(analysis.summary);
      expect(await page.locator(".mh-matrix td[aria-current]").textContent()).toBe(t(lang, "message.ai.thisMessage"));
      expect(await page.locator(".mh-reasons").textContent()).toContain("Antwort bis Freitag erbeten.");
      // A code without a catalog entry shows as the code, never as a broken key.
      expect(await page.locator(".mh-reasons").textContent()).toContain("known_sender");
      expect(await page.locator(".mh-date time").textContent()).toContain(lang === "de" ? "20.11.2026" : "20 Nov 2026");
      const frame = (await (await page.waitForSelector("iframe.mh-frame")).contentFrame())!;
      await frame.waitForLoadState("load");
      expect(await frame.locator("h2").textContent()).toBe("Freigabe");
      expect(await frame.locator("a").getAttribute("title")).toBe("https://intranet.example.org/budget");
      expect(await frame.locator("img").evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1);
      expect(await frame.locator(".mh-blocked").textContent()).toBe("[Logo]");
      expect(await page.locator("#remote-content").textContent()).toContain(t(lang, "message.remote.blocked", { count: "1" }));
      await watched.screenshot(`message-view-${lang}`);
      // A full-page shot leaves a framed document below the fold blank; the body on its own shows it.
      await page.locator(".mh-body").screenshot({ path: join(SCREENSHOT_DIR, `message-view-body-${lang}.png`) });

      // The attachment arrives as a download, named as in the mail.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Budget 2027.pdf" }).click()]);
      expect(download.suggestedFilename()).toBe("Budget 2027.pdf");

      // Keyboard: focus the flag button and press Enter; htmx posts, the server journals, the page reloads.
      const flag = page.getByRole("button", { name: t(lang, "message.action.flag"), exact: true });
      await flag.focus();
      expect(await flag.evaluate((element) => element === document.activeElement)).toBe(true);
      await Promise.all([page.waitForURL(new RegExp(`/messages/${id}\\?done=queued&undo=[0-9a-f-]{36}$`)), page.keyboard.press("Enter")]);
      expect(await page.locator(".notice span").textContent()).toBe(t(lang, "message.notice.queued"));
      expect(await page.locator(".mh-pending").textContent()).toContain(t(lang, "message.pending.waiting", { action: t(lang, "message.action.flag") }));
      // Opening the unread message asked for mark_read first (read on open, on by default).
      expect((await db.sql`select action from action_journal where message_id = ${id} order by created_at`).map((row) => row.action)).toEqual(["mark_read", "flag"]);

      await submit(page, page.getByRole("button", { name: t(lang, "message.action.done"), exact: true }));
      expect(await page.locator(".mh-done").textContent()).toBe(t(lang, "message.state.done"));

      await page.getByRole("link", { name: t(lang, "message.body.text"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/messages/${id}?view=text`);
      expect(await page.locator("pre.mh-text a").getAttribute("rel")).toBe("noopener noreferrer");
      await watched.screenshot(`message-view-text-${lang}`);

      await page.getByRole("link", { name: t(lang, "message.thread.previous"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/messages/${first}`);
      expect(await page.locator("h1").textContent()).toBe("Budget 2027");
      expect(await page.locator(".mh-ai .empty").textContent()).toBe(t(lang, "message.ai.none"));
    });
  });
});
