/**
 * Tags in a real Chromium against the real server, database, worker and
 * Dovecot: `l` and a new name put a tag on a message, the worker writes
 * its keyword, a second IMAP client (Thunderbird's view of the server)
 * sees it and takes it off, and after a sync it is gone here too; and the
 * suggestions: accepted with one click, rejected with one click and not
 * offered for that message again. The test waits for journal entries and
 * analyses, never for a time.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { startWorker } from "../../src/jobs/worker.ts";
import { createTag } from "../../src/tags/store.ts";
import { submit, withPage } from "../support/browser.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { waitFor } from "../support/wait.ts";
import { syncFixture, withClient, type SyncFixture } from "../mail/sync/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
const worker = await startWorker({ ...services, db }, { crontab: "# no entries" });
afterAll(async () => {
  await worker.stop();
  await close();
});

const SUBJECTS = ["Rechnung November", "Termin Zahnarzt"];

/** A user whose INBOX holds the messages, synced and analysed; `tags` exist before the analysis, so their names can be suggested. */
async function mailbox(tags: string[] = []): Promise<SyncFixture> {
  const fixture = await syncFixture(services);
  for (const name of tags) await createTag(db.sql, fixture.user.dataKey, fixture.user.user.id, name);
  (await dovecot()).seedMaildir(
    fixture.box.user,
    "INBOX",
    SUBJECTS.map((subject, index) =>
      makeMessage({ from: "Anna Schmidt <anna@example.org>", to: fixture.box.user, subject, body: `Hallo,\n\n${subject}.\n`, messageId: `<tb-${index}-${crypto.randomUUID()}@example.org>` }),
    ),
  );
  await fixture.sync();
  await waitFor(async () => (await db.sql`select 1 from analyses where user_id = ${fixture.user.user.id}`).length === SUBJECTS.length, { timeoutMs: 30_000, what: "the analyses" });
  return fixture;
}

const messageId = async (fixture: SyncFixture, subject: string) => {
  const index = SUBJECTS.indexOf(subject);
  const [row] = await db.sql<{ id: string }[]>`
    select c.message_id as id from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${fixture.account.id} and f.path = 'INBOX' and c.uid = ${index + 1}`;
  return row!.id;
};

/** The keywords the server holds on INBOX's message `uid`, as another client sees them. */
const keywordsOnServer = (fixture: SyncFixture, uid: number) =>
  withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return [...((message && message.flags) || [])].filter((flag) => !flag.startsWith("\\"));
    } finally {
      lock.release();
    }
  });

const settled = (fixture: SyncFixture) =>
  waitFor(async () => (await db.sql`select 1 from action_journal where user_id = ${fixture.user.user.id} and state = 'pending'`).length === 0, { timeoutMs: 30_000, what: "the write-back" });

describe("tags", () => {
  test("l and a new name tag the message; the keyword reaches the server; removed in another client, it is gone here after a sync", async () => {
    const fixture = await mailbox();
    const id = await messageId(fixture, SUBJECTS[0]!);
    await withPage(baseUrl, { lang: "de", cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages/${id}?view=text`);
      await page.keyboard.press("l");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("tag-input");
      await page.keyboard.type("Rechnungen 2026");
      const navigated = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
      await page.keyboard.press("Enter");
      await navigated;
      await page
        .getByRole("status")
        .filter({ hasText: t("de", "tags.notice.tagged", { name: "Rechnungen 2026" }) })
        .waitFor();
      await page.locator(".mh-tag-box li.tag", { hasText: "Rechnungen 2026" }).waitFor();
      await watched.screenshot("tags-message-de");
      await settled(fixture);
      expect(await keywordsOnServer(fixture, 1)).toEqual(["Rechnungen_2026"]);

      // Thunderbird takes it off; the next sync takes it off here.
      await withClient(fixture, async (client) => {
        const lock = await client.getMailboxLock("INBOX");
        try {
          await client.messageFlagsRemove({ uid: "1" }, ["Rechnungen_2026"], { uid: true });
        } finally {
          lock.release();
        }
      });
      await fixture.sync();
      await page.reload();
      await page.locator(".mh-tag-box").waitFor();
      expect(await page.locator(".mh-tag-box li.tag").count()).toBe(0);
    });
  });

  test("a suggestion is accepted with one click; another is rejected and not offered for that message again", async () => {
    const fixture = await mailbox(["Rechnung", "Zahnarzt"]);
    await withPage(baseUrl, { lang: "en", cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/messages/${await messageId(fixture, SUBJECTS[0]!)}?view=text`);
      const suggestion = page.locator(".tag-suggestion", { hasText: "Rechnung" });
      await suggestion.waitFor();
      await watched.screenshot("tags-suggestion-en");
      await submit(page, suggestion.getByRole("button", { name: t("en", "tags.accept", { name: "Rechnung" }) }));
      await page.locator(".mh-tag-box li.tag", { hasText: "Rechnung" }).waitFor();
      expect(await page.locator(".tag-suggestion").count()).toBe(0);

      const dentist = await messageId(fixture, SUBJECTS[1]!);
      await page.goto(`${baseUrl}/messages/${dentist}?view=text`);
      const other = page.locator(".tag-suggestion", { hasText: "Zahnarzt" });
      await other.waitFor();
      await submit(page, other.getByRole("button", { name: t("en", "tags.reject", { name: "Zahnarzt" }) }));
      await page
        .getByRole("status")
        .filter({ hasText: t("en", "tags.notice.rejected", { name: "Zahnarzt" }) })
        .waitFor();
      await page.goto(`${baseUrl}/messages/${dentist}?view=text`);
      await page.locator(".mh-tag-box").waitFor();
      expect(await page.locator(".tag-suggestion").count()).toBe(0);
      expect(await page.locator(".mh-tag-box li.tag").count()).toBe(0);
    });
    const [accepted] = await db.sql`select source from message_tags where user_id = ${fixture.user.user.id}`;
    expect(accepted!.source).toBe("ai");
  });
});
