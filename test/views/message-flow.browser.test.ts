/**
 * The reading flow in a real Chromium against the real server, database and
 * Dovecot, in German and English: a message opened from a filtered list is
 * shown read at once and \Seen reaches the server once its job has run;
 * "Vorherige" / "Nächste" follow the list's own order and filters, j/k/u
 * work, "Zurück zur Liste" returns to that list; with the setting off,
 * opening changes nothing; with "done also archives" on, "Erledigt" moves
 * the message to the server's archive and its undo brings it back; with
 * "snoozed mail to its own folder" on, "Später" moves it to the server's
 * Snoozed folder and its undo brings it back to INBOX.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import { submit, withPage } from "../support/browser.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { syncFixture, withClient } from "../mail/sync/fixtures.ts";

const { db, services, baseUrl, close } = await serveTestApp();
afterAll(close);
const server = await dovecot();

/** A synced INBOX of five messages, newest first as ids[0..4]; the second one already read on the server. */
async function mailbox() {
  const fixture = await syncFixture(services, { server });
  server.seedMaildir(
    fixture.box.user,
    "INBOX",
    [0, 1, 2, 3, 4].map((n) => ({
      raw: makeMessage({ from: `Absender ${n} <a${n}@example.org>`, to: "me@example.org", subject: `Nachricht ${n}`, body: `Text ${n}`, date: new Date(Date.UTC(2026, 10, 20, 12 - n)) }),
      flags: n === 1 ? "S" : "",
      internalDate: new Date(Date.UTC(2026, 10, 20, 12 - n)),
    })),
  );
  await fixture.sync();
  const rows = await db.sql<{ id: string; uid: number }[]>`
    select m.id, c.uid::int as uid from messages m join message_copies c on c.message_id = m.id where m.account_id = ${fixture.account.id} order by m.list_date desc`;
  return { fixture, ids: rows.map((row) => row.id), uids: rows.map((row) => row.uid) };
}

const subjectsIn = (fixture: Awaited<ReturnType<typeof mailbox>>["fixture"], path: string) =>
  withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      const subjects: string[] = [];
      for await (const message of client.fetch("1:*", { envelope: true })) subjects.push(message.envelope?.subject ?? "");
      return subjects;
    } finally {
      lock.release();
    }
  });

const seenOnServer = (fixture: Awaited<ReturnType<typeof mailbox>>["fixture"], uid: number) =>
  withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return message ? message.flags?.has("\\Seen") : undefined;
    } finally {
      lock.release();
    }
  });

describe.each(["de", "en"] as const)("the reading flow (%s)", (lang) => {
  test("opened from an unread list: read at once and on the server after the job; previous/next in the list's order; keys; back to the list", async () => {
    const { fixture, ids, uids } = await mailbox();
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      // The unread list, oldest first: ids 4, 3, 2, 0 (1 is read).
      await page.goto(`${baseUrl}/messages?sort=oldest&read=no`);
      await submit(page, page.locator(`tr[data-message-id="${ids[2]!}"] td.subject a`));
      expect(new URL(page.url()).pathname).toBe(`/messages/${ids[2]!}`);
      expect(new URL(page.url()).searchParams.get("list")).toBe("read=no&sort=oldest");
      expect(await page.locator(".mh-seen").textContent()).toBe(t(lang, "message.state.read"));
      await watched.screenshot(`message-flow-${lang}`);

      // Journaled as mark_read; the server has \Seen once the job ran.
      const [journal] = await db.sql<{ id: string; action: string; requested_by: string }[]>`select id, action, requested_by from action_journal where message_id = ${ids[2]!}`;
      expect(journal).toMatchObject({ action: "mark_read", requested_by: "read_on_open" });
      expect(await seenOnServer(fixture, uids[2]!)).toBe(false);
      expect(await applyMessageAction(services, { journalId: journal!.id, userId: fixture.user.user.id, holder: "test" })).toBe("done");
      expect(await seenOnServer(fixture, uids[2]!)).toBe(true);

      // Neighbours in the unread list, oldest first: 3 before, 0 after (1 is read, so skipped).
      const nav = page.getByRole("navigation", { name: t(lang, "message.list.navigation") });
      expect(new URL((await nav.getByRole("link", { name: t(lang, "message.list.previous") }).getAttribute("href"))!, baseUrl).pathname).toBe(`/messages/${ids[3]!}`);
      expect(new URL((await nav.getByRole("link", { name: t(lang, "message.list.next") }).getAttribute("href"))!, baseUrl).pathname).toBe(`/messages/${ids[0]!}`);

      // j: the next one (it is the last of the list: no next link, the word stays as text).
      await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${ids[0]!}`), page.keyboard.press("j")]);
      expect(await nav.getByRole("link", { name: t(lang, "message.list.next") }).count()).toBe(0);
      // k: the previous one in the list as it is now: 2 is read on the server by now, so the unread list goes to 3.
      await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${ids[3]!}`), page.keyboard.press("k")]);
      // "Zurück zur Liste" (u): the filtered list itself.
      await Promise.all([page.waitForURL((url) => url.pathname === "/messages"), page.keyboard.press("u")]);
      expect(new URL(page.url()).search).toBe("?read=no&sort=oldest");
      expect(await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-message-id")))).toEqual([ids[4]!, ids[3]!, ids[0]!]);
      await page.goto(`${baseUrl}/messages/${ids[3]!}?list=${encodeURIComponent("read=no&sort=oldest")}`);
      await submit(page, page.getByRole("link", { name: t(lang, "message.list.back") }));
      expect(new URL(page.url()).search).toBe("?read=no&sort=oldest");
    });
  });

  test("with read on open turned off under Account → Reading, opening leaves the message unread here and on the server", async () => {
    const { fixture, ids, uids } = await mailbox();
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/reading`);
      const box = page.getByLabel(t(lang, "reading.readOnOpen.label"));
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await submit(page, page.getByRole("button", { name: t(lang, "reading.save") }));
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "reading.saved"));
      expect(await page.getByLabel(t(lang, "reading.readOnOpen.label")).isChecked()).toBe(false);
      await watched.screenshot(`message-flow-setting-${lang}`);

      await page.goto(`${baseUrl}/messages/${ids[0]!}`);
      expect(await page.locator(".mh-seen").textContent()).toBe(t(lang, "message.state.unread"));
      // Opened without a list: the overview link, no list navigation.
      expect(await page.getByRole("navigation", { name: t(lang, "message.list.navigation") }).count()).toBe(0);
      expect(await db.sql`select 1 from action_journal where message_id = ${ids[0]!}`).toHaveLength(0);
      expect(await seenOnServer(fixture, uids[0]!)).toBe(false);

      await page.goto(`${baseUrl}/account/reading`);
      await page.getByLabel(t(lang, "reading.readOnOpen.label")).check();
      await submit(page, page.getByRole("button", { name: t(lang, "reading.save") }));
      await page.goto(`${baseUrl}/messages/${ids[0]!}`);
      expect(await page.locator(".mh-seen").textContent()).toBe(t(lang, "message.state.read"));
    });
  });
  test('with "done also archives" turned on under Account → Reading, Erledigt moves the message to the server\'s archive; its undo brings it back', async () => {
    const { fixture, ids } = await mailbox();
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/reading`);
      const box = page.getByLabel(t(lang, "reading.doneArchives.label"));
      expect(await box.isChecked()).toBe(false);
      await box.check();
      await submit(page, page.getByRole("button", { name: t(lang, "reading.save") }));
      expect(await page.getByLabel(t(lang, "reading.doneArchives.label")).isChecked()).toBe(true);
      // Saving one choice keeps the other: read on open is still on.
      expect(await page.getByLabel(t(lang, "reading.readOnOpen.label")).isChecked()).toBe(true);

      await page.goto(`${baseUrl}/messages/${ids[3]!}`);
      await submit(page, page.getByRole("button", { name: t(lang, "message.action.done") }));
      expect(await page.locator(".mh-done").textContent()).toBe(t(lang, "message.state.done"));
      const [archive] = await db.sql<{ id: string }[]>`select id from action_journal where message_id = ${ids[3]!} and action = 'archive'`;
      expect(archive).toBeDefined();
      expect(await applyMessageAction(services, { journalId: archive!.id, userId: fixture.user.user.id, holder: "test" })).toBe("done");
      expect(await subjectsIn(fixture, "Archive")).toEqual(["Nachricht 3"]);
      expect(await subjectsIn(fixture, "INBOX")).not.toContain("Nachricht 3");

      // The notice's undo: back in INBOX on the server, and no longer done.
      const undo = page.getByRole("button", { name: t(lang, "actions.undo") });
      await submit(page, undo.first());
      // Opening it journaled read on open as well: carry out everything pending, the undo's move among it.
      const pending = await db.sql<{ id: string }[]>`select id from action_journal where message_id = ${ids[3]!} and state = 'pending' order by created_at`;
      expect(pending.length).toBe(2);
      for (const entry of pending) expect(await applyMessageAction(services, { journalId: entry.id, userId: fixture.user.user.id, holder: "test" })).toBe("done");
      expect(await subjectsIn(fixture, "INBOX")).toContain("Nachricht 3");
      expect((await db.sql<{ done: boolean }[]>`select done_at is not null as done from messages where id = ${ids[3]!}`)[0]!.done).toBe(false);
    });
  });

  test('with "snoozed mail to its own folder" turned on under Account → Reading, Später moves the message to the server\'s Snoozed folder; its undo brings it back', async () => {
    const { fixture, ids } = await mailbox();
    await withPage(baseUrl, { lang, cookie: fixture.user.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/account/reading`);
      const box = page.getByLabel(t(lang, "reading.snoozeMoves.label"));
      expect(await box.isChecked()).toBe(false);
      await box.check();
      await submit(page, page.getByRole("button", { name: t(lang, "reading.save") }));
      expect(await page.locator(".notice").textContent()).toBe(t(lang, "reading.saved"));
      expect(await page.getByLabel(t(lang, "reading.snoozeMoves.label")).isChecked()).toBe(true);
      // The other choices keep their state.
      expect(await page.getByLabel(t(lang, "reading.readOnOpen.label")).isChecked()).toBe(true);
      expect(await page.getByLabel(t(lang, "reading.doneArchives.label")).isChecked()).toBe(false);
      await watched.screenshot(`message-flow-snooze-setting-${lang}`);

      await page.goto(`${baseUrl}/messages/${ids[2]!}`);
      await page.locator(".mh-actions .snooze-menu summary").click();
      await submit(page, page.getByRole("button", { name: t(lang, "actions.snooze.tomorrow"), exact: true }));
      expect(await page.locator(".mh-snoozed").count()).toBe(1);
      // Opening journaled read on open; the snooze's move follows it. Carry out both, as the worker would.
      const apply = async () => {
        const pending = await db.sql<{ id: string; action: string }[]>`select id, action from action_journal where message_id = ${ids[2]!} and state = 'pending' order by created_at`;
        for (const entry of pending) expect(await applyMessageAction(services, { journalId: entry.id, userId: fixture.user.user.id, holder: "test" })).toBe("done");
        return pending.map((entry) => entry.action);
      };
      expect(await apply()).toEqual(["mark_read", "snooze"]);
      expect(await subjectsIn(fixture, "Snoozed")).toEqual(["Nachricht 2"]);
      expect(await subjectsIn(fixture, "INBOX")).not.toContain("Nachricht 2");

      // The notice's undo: awake here at once, and back in INBOX on the server once the move back has run.
      await submit(page, page.getByRole("button", { name: t(lang, "actions.undo") }).first());
      expect(await page.locator(".mh-snoozed").count()).toBe(0);
      expect(await apply()).toEqual(["unsnooze"]);
      expect(await subjectsIn(fixture, "INBOX")).toContain("Nachricht 2");
      expect(await subjectsIn(fixture, "Snoozed")).toEqual([]);
    });
  });
});
