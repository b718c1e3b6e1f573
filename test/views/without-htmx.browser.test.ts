/**
 * The pages still work, less dynamically, when htmx does not load (blocked,
 * offline, an old browser): plain links and form posts carry every step of
 * the main flow, and nothing else breaks.
 */
import { afterAll, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { ignoreErrorPageLoads, openPage, submit } from "../support/browser.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { serveTestApp } from "../support/test-app.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";
import { processMessages } from "../analysis/support.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);
const server = await dovecot();
const lang = "de" as const;

test("dashboard, list, search, bulk done, message, correction and done work with htmx blocked", async () => {
  const fixture = await syncFixture(services);
  server.seedMaildir(
    fixture.box.user,
    "INBOX",
    ["Angebot", "Rechnung", "Termin"].map((subject) =>
      makeMessage({ from: `${subject} <${subject.toLowerCase()}@example.org>`, to: "me@example.org", subject, body: `Text zum Thema ${subject}, Stichwort laterne${subject.toLowerCase()}.` }),
    ),
  );
  await fixture.sync();
  await processMessages(
    services,
    (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id),
  );

  const watched = await openPage({ locale: "de-DE", cookie: { url: baseUrl, value: fixture.user.cookie } });
  const unexpectedErrors = ignoreErrorPageLoads(watched);
  const { page } = watched;
  const blocked: string[] = [];
  await page.route("**/static/htmx-*", (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  try {
    // Dashboard: a number is a plain link to the filtered list.
    await page.goto(`${baseUrl}/`);
    const cell = page.locator("td[data-count]:not([data-count='0']) a").first();
    await Promise.all([page.waitForURL(/\/messages\?/), cell.click()]);
    expect(await page.locator("tr[data-message-id]").count()).toBeGreaterThan(0);

    // Search is a GET form.
    await page.goto(`${baseUrl}/messages`);
    await page.getByLabel(t(lang, "list.search.label"), { exact: true }).fill("laternerechnung");
    await Promise.all([page.waitForURL(/q=laternerechnung/), page.getByRole("button", { name: t(lang, "list.filter.submit"), exact: true }).click()]);
    const rows = page.locator("tr[data-message-id]");
    expect(await rows.count()).toBe(1);

    // Bulk "done" posts the form and comes back to the list, without the message.
    await page.goto(`${baseUrl}/messages`);
    const angebot = rows.filter({ hasText: "Angebot" });
    const angebotId = await angebot.getAttribute("data-message-id");
    await angebot.locator("td.select input").check();
    await submit(page, page.locator('button[data-action="done"]').first());
    expect(await page.locator(`tr[data-message-id="${angebotId}"]`).count()).toBe(0);

    // The message page: correction and done are plain form posts.
    await page.goto(`${baseUrl}/messages?q=laternetermin`);
    await Promise.all([page.waitForURL(/\/messages\/[0-9a-f-]{36}\?list=/), rows.first().locator("td.subject a").click()]);
    const messageId = /\/messages\/([0-9a-f-]{36})\?/.exec(page.url())![1]!;
    await page.locator(".mh-correct summary").click();
    await page.locator("#correct-urgency").selectOption("3");
    await submit(page, page.getByRole("button", { name: t(lang, "message.ai.saveCorrection"), exact: true }));
    expect((await db.sql`select urgency from analyses where message_id = ${messageId}`)[0]!.urgency).toBe(3);
    await submit(page, page.getByRole("button", { name: t(lang, "message.action.done"), exact: true }));
    expect(await page.locator(".mh-done").count()).toBe(1);
    await watched.screenshot("without-htmx-message-de");

    expect(blocked.length).toBeGreaterThan(0); // htmx really was kept out
    expect(unexpectedErrors().filter((error) => !error.includes("ERR_FAILED"))).toEqual([]);
  } finally {
    await watched.close();
  }
});
