/**
 * /tags/keywords: the IMAP keywords on the server per mailbox, counted per
 * message in any letter case, mapped to the tags sync made of them (the real
 * src/tags/server-keywords.ts), system keywords marked, folders that refuse
 * keywords named; another user's keywords never shown. German and English.
 */
import { afterAll, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { followServerKeywords } from "../../src/tags/server-keywords.ts";
import { createTag } from "../../src/tags/store.ts";
import { tagKeyword } from "../../src/tags/keywords.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const page = (cookie: string, lang = "de") => app.request("/tags/keywords", { headers: { Cookie: cookie, Accept: "text/html", "Accept-Language": lang } });
const row = (html: string, keyword: string) => new RegExp(`<tr data-keyword="${keyword}">([\\s\\S]*?)</tr>`).exec(html)?.[1];

test("per mailbox: each keyword, its message count and its tag; system keywords and refusing folders said; another user's never", async () => {
  const alice = await createTestUser(services);
  const box = await createTestMailbox(services, alice, "Arbeit");
  const ids = await storeMails(services, alice, box, [
    { subject: "Rechnung 1", flags: ["\\Seen", "Rechnungen", "$Forwarded"] },
    { subject: "Rechnung 2", flags: ["rechnungen"] },
    { subject: "Urlaub", flags: ["Privat"] },
    { subject: "Ohne", flags: ["\\Seen"] },
  ]);
  // What a sync does with keywords from another client: tags made of them.
  await followServerKeywords(db.sql, { userId: alice.user.id, accountId: box.account.id, dataKey: alice.dataKey }, ids, { learn: false });
  // A tag whose keyword is recorded but on no message (any more).
  const reise = await createTag(db.sql, alice.dataKey, alice.user.id, "Reise 2026");
  if (!reise.ok) throw new Error(reise.reason);
  await tagKeyword(db.sql, alice.user.id, box.account.id, reise.tag.id, "Reise 2026");
  await db.sql`update folders set keywords_refused = true where id = ${box.folders.Junk.id}`;

  const bob = await createTestUser(services);
  const bobBox = await createTestMailbox(services, bob, "Bobs Postfach");
  await storeMails(services, bob, bobBox, [{ subject: "Geheim", flags: ["Geheimprojekt"] }]);

  const response = await page(alice.cookie);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain(`<h1>${t("de", "keywords.title")}</h1>`);
  expect(html).toContain(">Arbeit</h2>");

  const invoices = row(html, "Rechnungen") ?? row(html, "rechnungen");
  expect(invoices).toContain(`<td class="count" data-count="2">${t("de", "keywords.count", { count: "2" })}</td>`);
  const [tag] = await db.sql<{ id: string }[]>`select tag_id as id from tag_keywords where account_id = ${box.account.id} and lower(keyword) = 'rechnungen'`;
  expect(invoices).toContain(`href="/messages?tag=${tag!.id}"`);
  // Keywords are case-insensitive (RFC 3501): both spellings are one tag, named after whichever message was followed first.
  expect(invoices).toMatch(/>Rechnungen<\/a>/i);

  expect(row(html, "Privat")).toContain(`<td class="count" data-count="1">${t("de", "keywords.count", { count: "1" })}</td>`);
  expect(row(html, "\\$Forwarded")).toContain(t("de", "keywords.system"));
  const travel = row(html, "Reise_2026");
  expect(travel).toContain(`<td class="count" data-count="0">${t("de", "keywords.count", { count: "0" })}</td>`);
  expect(travel).toContain(">Reise 2026</a>");
  expect(html).toContain(t("de", "keywords.refused", { folders: "Junk" }));
  expect(html).not.toContain("\\Seen");

  expect(html).not.toContain("Geheimprojekt");
  expect(html).not.toContain("Bobs Postfach");
  expect(await (await page(bob.cookie)).text()).not.toContain("Rechnungen");
});

test("linked from /tags; English; a user without mailboxes is told so", async () => {
  const carol = await createTestUser(services);
  const tags = await (await app.request("/tags", { headers: { Cookie: carol.cookie, Accept: "text/html" } })).text();
  expect(tags).toContain(`<a href="/tags/keywords">${t("de", "tags.keywordsLink")}</a>`);
  const html = await (await page(carol.cookie, "en")).text();
  expect(html).toContain(`<h1>${t("en", "keywords.title")}</h1>`);
  expect(html).toContain(t("en", "keywords.noAccounts"));
});

test("signed out: sent to sign in", async () => {
  const response = await app.request("/tags/keywords", { headers: { Accept: "text/html" } });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toStartWith("/signin");
});
