/**
 * Unsubscribing and the newsletter overview in a real Chromium, in German
 * and English: "Abbestellen" on a newsletter's page (one-click when the
 * sender allows it, its result in words; otherwise the sender's page behind
 * a confirmation and the mail address), and /newsletters with senders by
 * volume, opened count, unsubscribe and "Immer archivieren".
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { submit, withPage } from "../support/browser.ts";
import { makeMessage } from "../support/messages.ts";
import { serveTestApp } from "../support/test-app.ts";
import { processMessages } from "../analysis/support.ts";
import { seedMailbox } from "../mail/render/seed.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(async () => {
  await closeParsePool();
  await close();
});

const AUTHENTICATED = "mx.example.org; spf=pass smtp.mailfrom=shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example";
/** A port nothing listens on (the test database allows loopback, so the POST is tried and finds no server). */
const CLOSED = "https://127.0.0.1:9/u/abc";

async function newsletters() {
  const box = await seedMailbox(services);
  const shop = (n: number) =>
    makeMessage({
      from: "Shop News <news@shop.example>",
      to: "me@example.org",
      subject: `Angebote der Woche ${n}`,
      body: `Die Angebote dieser Woche, Ausgabe ${n}.\n\nAbmelden: ${CLOSED}`,
      date: new Date(Date.UTC(2026, 10, 10 + n, 7)),
      headers: {
        "List-Unsubscribe": `<mailto:leave@shop.example?subject=unsubscribe>, <${CLOSED}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Authentication-Results": AUTHENTICATED,
        "List-Id": "<news.shop.example>",
        Precedence: "bulk",
      },
    });
  const club = makeMessage({
    from: "Verein <info@club.example>",
    to: "me@example.org",
    subject: "Vereinsnachrichten",
    body: "Neues aus dem Verein.\n\nAbmelden: https://club.example/abmelden",
    date: new Date(Date.UTC(2026, 10, 12, 7)),
    headers: { "List-Unsubscribe": "<https://club.example/abmelden?id=7>, <mailto:abmelden@club.example>", "List-Id": "<club.example>", Precedence: "bulk" },
  });
  const shopIds = [await box.store(shop(1)), await box.store(shop(2), { flags: ["\\Seen"] }), await box.store(shop(3))];
  const clubId = await box.store(club);
  await processMessages(services, [...shopIds, clubId]);
  const flagged = await db.sql<{ id: string }[]>`select message_id as id from analyses where newsletter and message_id = any(${[...shopIds, clubId]}::uuid[])`;
  expect(flagged).toHaveLength(4);
  return { user: box.user, shopIds, clubId };
}

describe.each(["de", "en"] as const)("unsubscribe and the newsletter overview (%s)", (lang) => {
  test("on a message: one-click tried and its failure said in words with the other ways; the link behind a confirmation; the mail address shown", async () => {
    const { user, shopIds, clubId } = await newsletters();
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      // The club offers no one-click: its page, opened deliberately, and the address.
      await page.goto(`${baseUrl}/messages/${clubId}`);
      const open = page.getByText(t(lang, "unsubscribe.open"));
      const go = page.getByRole("link", { name: t(lang, "unsubscribe.linkGo") });
      expect(await go.isVisible()).toBe(false);
      await open.click();
      expect(await page.locator(".mh-unsubscribe-link p").textContent()).toBe(t(lang, "unsubscribe.linkConfirm", { host: "club.example" }));
      expect(await go.getAttribute("href")).toBe("https://club.example/abmelden?id=7");
      expect(await go.getAttribute("rel")).toBe("noopener noreferrer");
      expect(await go.getAttribute("target")).toBe("_blank");
      expect(await page.locator(".mh-unsubscribe-mail a").textContent()).toBe("abmelden@club.example");
      expect(await page.getByRole("button", { name: t(lang, "unsubscribe.oneClick") }).count()).toBe(0);
      await watched.screenshot(`unsubscribe-link-${lang}`);

      // The shop allows one-click: a button; its server cannot be reached, which the answer says, offering the other ways.
      await page.goto(`${baseUrl}/messages/${shopIds[2]!}`);
      await submit(page, page.getByRole("button", { name: t(lang, "unsubscribe.oneClick") }));
      expect(await page.locator("h1").textContent()).toBe(t(lang, "unsubscribe.title"));
      expect(await page.locator("[role=status]").first().textContent()).toBe(t(lang, "unsubscribe.result.unreachable"));
      expect(await page.locator(".mh-unsubscribe-mail a").textContent()).toBe("leave@shop.example");
      expect(await page.locator(".mh-unsubscribe-mail").textContent()).toContain(t(lang, "unsubscribe.subject", { subject: "unsubscribe" }));
      await watched.screenshot(`unsubscribe-result-${lang}`);
      await submit(page, page.getByRole("link", { name: t(lang, "unsubscribe.backToMessage") }));
      expect(new URL(page.url()).pathname).toBe(`/messages/${shopIds[2]!}`);
      expect((await db.sql`select unsubscribed_at from sender_patterns where user_id = ${user.user.id} and unsubscribed_at is not null`).length).toBe(0);
    });
  });

  test("the overview: senders by volume with opened count and last date; always archive per sender; unsubscribe from there", async () => {
    const { user } = await newsletters();
    await withPage(baseUrl, { lang, cookie: user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/`);
      await submit(page, page.getByRole("link", { name: t(lang, "newsletters.nav"), exact: true }));
      expect(new URL(page.url()).pathname).toBe("/newsletters");
      expect(await page.locator("h1").textContent()).toBe(t(lang, "newsletters.title"));
      const cards = page.locator("ul.newsletter-senders > li");
      expect(await cards.locator("h2").allTextContents()).toEqual(["news@shop.example", "info@club.example"]);
      const facts = await cards.first().locator(".newsletter-facts").textContent();
      expect(facts).toStartWith(t(lang, "newsletters.facts", { messages: "3", opened: "1", last: "" }));
      // The last date in the reader's zone: today's as "heute 14:05" / "today 14:05".
      expect(facts).toMatch(/\d{1,2}:\d{2}$/);
      await watched.screenshot(`newsletters-${lang}`);

      // Always archive: pressed, said, stored; and off again.
      const archive = cards.first().getByRole("button", { name: t(lang, "newsletters.alwaysArchive") });
      expect(await archive.getAttribute("aria-pressed")).toBe("false");
      await submit(page, archive);
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "newsletters.notice.archiveOn"));
      expect(
        await cards
          .first()
          .getByRole("button", { name: t(lang, "newsletters.alwaysArchive") })
          .getAttribute("aria-pressed"),
      ).toBe("true");
      const [pattern] = await db.sql<{ alwaysArchive: boolean }[]>`select always_archive as "alwaysArchive" from sender_patterns where user_id = ${user.user.id} and always_archive`;
      expect(pattern).toEqual({ alwaysArchive: true });
      await submit(page, cards.first().getByRole("button", { name: t(lang, "newsletters.alwaysArchive") }));
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "newsletters.notice.archiveOff"));
      expect(await db.sql`select 1 from sender_patterns where user_id = ${user.user.id} and always_archive`).toHaveLength(0);

      // Unsubscribe from the overview: the club's newest message has no one-click, so the answer offers its page; back to the overview.
      await submit(page, cards.nth(1).getByRole("button", { name: t(lang, "unsubscribe.button") }));
      expect(await page.locator("[role=status]").first().textContent()).toBe(t(lang, "unsubscribe.result.manual"));
      await page.getByText(t(lang, "unsubscribe.open")).click();
      expect(await page.getByRole("link", { name: t(lang, "unsubscribe.linkGo") }).getAttribute("href")).toBe("https://club.example/abmelden?id=7");
      await submit(page, page.getByRole("link", { name: t(lang, "newsletters.back") }));
      expect(new URL(page.url()).pathname).toBe("/newsletters");

      // A phone: the cards fit.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  });
});
