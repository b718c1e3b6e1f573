/**
 * A whole conversation in a real Chromium, in German and English: every
 * message in order with its text, the newest open and the older ones
 * collapsed, quoted parts folded ("> " quotes with their attribution and
 * an unquoted tail), the formatted HTML in the sandboxed frame on request,
 * a link to each message's page, and no sideways scrolling on a phone.
 */
import { FRAME_SANDBOX } from "../../src/mail/render/body-document.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { withPage } from "../support/browser.ts";
import { makeMessage } from "../support/messages.ts";
import { serveTestApp } from "../support/test-app.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

async function conversation(lang: string) {
  const box = await seedMailbox(services);
  const id = (n: number) => `<trip-${lang}-${n}-${crypto.randomUUID()}@example.org>`;
  const [one, two, three] = [id(1), id(2), id(3)];
  const first = await box.store(
    makeMessage({ from: "Anna Beispiel <anna@example.org>", to: "team@example.org", subject: "Ausflug", body: "Hallo Team,\n\nwer kommt am Freitag mit?\n\nAnna", messageId: one }),
  );
  const second = await box.store(
    htmlMail({
      from: "Ben Muster <ben@example.org>",
      subject: "Re: Ausflug",
      html: "<p>Ich komme <b>gern</b> mit.</p><blockquote>Hallo Team, wer kommt am Freitag mit?</blockquote>",
      text: "Ich komme gern mit.\n\nAm 18.11.2026 um 09:00 schrieb Anna Beispiel <anna@example.org>:\n> Hallo Team,\n> wer kommt am Freitag mit?",
      messageId: two,
      inReplyTo: one,
    }),
  );
  const third = await box.store(
    makeMessage({
      from: "Carl Kollege <carl@example.org>",
      to: "team@example.org",
      subject: "Re: Ausflug",
      body: "Ich auch, bis Freitag.\n\nOn Wed, Nov 18, 2026 at 10:00 AM Ben Muster <ben@example.org> wrote:\nIch komme gern mit.",
      messageId: three,
      headers: { "In-Reply-To": two, References: `${one} ${two}` },
    }),
  );
  const ids = [first, second, third];
  for (const [index, messageId] of ids.entries()) await db.sql`update messages set received_at = ${new Date(Date.UTC(2026, 10, 18, 8 + index))} where id = ${messageId}`;
  const threads = await db.sql<{ threadId: string }[]>`select distinct thread_id as "threadId" from messages where id = any(${ids}::uuid[])`;
  expect(threads).toHaveLength(1);
  return { user: box.user, ids, threadId: threads[0]!.threadId };
}

describe.each(["de", "en"] as const)("the conversation page (%s)", (lang) => {
  test("every message's text in order, the newest open, quotes folded, the formatted mail in its frame, a link to each message", async () => {
    const { user, ids, threadId } = await conversation(lang);
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/threads/${threadId}`);
      expect(await page.locator("h1").textContent()).toBe("Ausflug");
      const items = page.locator("ol.thread-messages > li");
      expect(await items.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-message")))).toEqual(ids);
      expect(await page.locator("details.mh-conversation").evaluateAll((all) => all.map((details) => (details as HTMLDetailsElement).open))).toEqual([false, false, true]);
      const [first, second, third] = [items.nth(0), items.nth(1), items.nth(2)];

      // The newest: its own words shown, the tail after "On … wrote:" folded until asked for.
      expect(await third.getByText("Ich auch, bis Freitag.").isVisible()).toBe(true);
      const tail = third.locator("details.mh-quote");
      expect(await tail.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
      expect(await tail.locator("pre").isVisible()).toBe(false);
      expect(await third.getByRole("link", { name: t(lang, "thread.openMessage") }).getAttribute("href")).toBe(`/messages/${ids[2]!}`);
      await watched.screenshot(`thread-page-${lang}`);
      await tail.getByText(t(lang, "thread.quote.show")).click();
      expect(await tail.locator("pre").textContent()).toContain("Ich komme gern mit.");

      // An older one: collapsed until its summary is clicked, then its text and its link.
      expect(await first.getByText("wer kommt am Freitag mit?").isVisible()).toBe(false);
      await first.locator("summary").first().click();
      expect(await first.getByText("wer kommt am Freitag mit?").isVisible()).toBe(true);
      expect(await first.locator("details.mh-quote").count()).toBe(0);
      expect(await first.getByRole("link", { name: t(lang, "thread.openMessage") }).getAttribute("href")).toBe(`/messages/${ids[0]!}`);

      // The HTML reply: the > quote with its "Am … schrieb …:" line folded; the formatted mail in the sandboxed frame once asked for.
      await second.locator("summary").first().click();
      expect(await second.locator("pre.mh-text").first().textContent()).toBe("Ich komme gern mit.");
      expect(await second.locator("details.mh-quote pre").textContent()).toStartWith("Am 18.11.2026 um 09:00 schrieb Anna Beispiel");
      expect(await second.locator("details.mh-quote pre").isVisible()).toBe(false);
      await second.getByText(t(lang, "thread.showFormatted")).click();
      const frameElement = second.locator("iframe.mh-thread-frame");
      // The message page's sandbox: scripts only as the frame's CSP allows (our one hashed sizing script), never an origin of ours.
      expect(await frameElement.getAttribute("sandbox")).toBe(FRAME_SANDBOX);
      const frame = (await (await frameElement.elementHandle())!.contentFrame())!;
      await frame.waitForLoadState("load");
      await frame.locator("b").waitFor();
      expect(await frame.locator("b").textContent()).toBe("gern");
      await watched.screenshot(`thread-page-open-${lang}`);

      // A phone: nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await watched.screenshot(`thread-page-phone-${lang}`);
    });
  });
});
