/**
 * Sending end to end in a real Chromium, German and English: reply (`r`)
 * and forward (`f`) from a synced message, "Senden" → the undo countdown →
 * the state polled until sent → the real worker's send_message job → an
 * SMTP server delivering into the test Dovecot → the delivered message read
 * back over IMAP; and "Rückgängig" inside the window, after which nothing
 * arrives and the draft is back in the form; a reply proposal used and
 * sent; an account without SMTP settings pointed to them. The German run is
 * on a phone-sized screen. Each send waits out the fixed 10 s undo window
 * (SEND_UNDO_SECONDS), which sets the run's length (~70 s per language).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import type { Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { startWorker, type Worker } from "../../src/jobs/worker.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { sendState } from "../../src/mail/send/queue-send.ts";
import { parseSmtpSettings, saveSmtpSettings } from "../../src/mail/send/smtp-settings.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";
import { withPage, type WatchedPage } from "../support/browser.ts";
import { dovecot, imapFlowOptions, makeMessage, type TestMailbox } from "../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../support/smtp-to-dovecot.ts";
import { serveTestApp } from "../support/test-app.ts";
import { waitFor } from "../support/wait.ts";

const { db, services, baseUrl, close } = await serveTestApp();
let worker: Worker;

beforeAll(async () => {
  worker = await startWorker({ ...services, db }, { crontab: "# no entries" });
});
afterAll(async () => {
  await worker?.stop();
  await closeParsePool();
  await close();
});

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1200, height: 900 };

/** Nothing on the page is wider than the screen: no sideways scrolling. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function readFolder(box: TestMailbox, path: string) {
  const client = new ImapFlow(imapFlowOptions(box));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(path);
    try {
      const messages: { flags: Set<string>; source: Buffer }[] = [];
      if ((client.mailbox && client.mailbox.exists) === 0) return messages;
      for await (const message of client.fetch("1:*", { flags: true, source: true })) messages.push({ flags: message.flags ?? new Set(), source: message.source! });
      return messages;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** Clicks "Senden"/"Send" and waits for the send's page; returns the send's id. */
async function clickSend(page: Page, lang: "de" | "en"): Promise<string> {
  await Promise.all([
    page.waitForURL((url) => /^\/compose\/sends\/[0-9a-f-]{36}$/.test(url.pathname)),
    page.locator("#compose-form button[type=submit]", { hasText: t(lang, "compose.send") }).click(),
  ]);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

/** The send's page right after the click: the countdown with its undo button. */
async function expectCountdown(page: Page, lang: "de" | "en") {
  const status = page.locator("#send-status");
  expect(await status.getAttribute("data-status")).toBe("queued");
  const countdown = t(lang, "compose.sending", { seconds: "{s}" }).split("{s}")[0]!;
  expect(await status.textContent()).toContain(countdown);
  expect(await status.locator("button[data-undo]").textContent()).toBe(t(lang, "compose.undo"));
}

/**
 * Waits for the page to show the send as sent (htmx polls its state). On a timeout the error names what the
 * page, the send's row and the worker's jobs showed, so a failure in a long run says where the send stopped.
 */
async function waitUntilSent(page: Page, sendId: string) {
  await page
    .locator('#send-status[data-status="sent"]')
    .waitFor({ timeout: 60_000 })
    .catch(async (error: Error) => {
      const [send] = await db.sql`select status, error, attempts, send_after, sent_at, sent_copy from outgoing_messages where id = ${sendId}`;
      const jobs = await db.sql`select task_identifier, key, run_at, locked_at, attempts, left(last_error, 200) as last_error from graphile_worker.jobs order by id limit 20`;
      const shown = await page
        .locator("#send-status")
        .getAttribute("data-status")
        .catch(() => "no status element");
      throw new Error(`${error.message}\npage: ${shown} at ${new Date().toISOString()}\nsend: ${JSON.stringify(send)}\njobs: ${JSON.stringify(jobs)}`);
    });
}

async function openMessage(page: Page, id: string) {
  await page.goto(`${baseUrl}/messages/${id}`);
  await page.waitForLoadState("load");
}

for (const lang of ["de", "en"] as const) {
  describe(`sending in the browser (${lang})`, () => {
    const viewport = lang === "de" ? PHONE : DESKTOP;
    let fixture: SyncFixture;
    let bob: TestMailbox;
    let relay: SmtpToDovecot;

    beforeAll(async () => {
      const server = await dovecot();
      fixture = await syncFixture(services, { server });
      bob = server.createMailbox("bob");
      relay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": bob }, username: "anna-smtp", password: "smtp-secret", security: "starttls" });
      const parsed = parseSmtpSettings({
        host: "127.0.0.1",
        port: relay.port,
        security: "starttls",
        tlsCa: relay.ca,
        username: "anna-smtp",
        password: "smtp-secret",
        fromAddress: "anna@example.org",
        fromName: "Anna Muster",
      });
      if (!parsed.ok) throw new Error(`settings: ${parsed.invalid.join(", ")}`);
      const saved = await saveSmtpSettings(db.sql, fixture.user.dataKey, fixture.user.user.id, fixture.account.id, parsed.value);
      if (!saved.ok) throw new Error(saved.reason);
    });
    afterAll(async () => {
      await relay?.stop();
    });

    /** Seeds a raw message into the sender's INBOX and syncs until it is in; returns its id. */
    async function seedAndSync(raw: string): Promise<string> {
      const inInbox = () => db.sql<{ id: string }[]>`
        select m.id from messages m join message_copies c on c.message_id = m.id join folders f on f.id = c.folder_id
        where m.account_id = ${fixture.account.id} and f.path = 'INBOX'`;
      const known = new Set((await inInbox()).map((row) => row.id));
      const server = await dovecot();
      server.seedMaildir(fixture.box.user, "INBOX", [raw]);
      // The worker may be syncing the account itself (a send asks for it): sync until the message is in.
      return await waitFor(
        async () => {
          await fixture.sync();
          return (await inInbox()).find((row) => !known.has(row.id))?.id;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: "the seeded message" },
      );
    }

    test("r, a typed line, Send: the countdown, then sent; Bob's INBOX has the reply with its threading, Sent has the copy, the original is answered", async () => {
      const subject = lang === "de" ? "Angebot" : "Offer";
      const originalLine = lang === "de" ? "Passt Ihnen Dienstag?" : "Does Tuesday suit you?";
      const typed = lang === "de" ? "Dienstag passt, bis dann." : "Tuesday is fine, see you then.";
      const originalId = await seedAndSync(
        makeMessage({
          from: "Bob Beispiel <bob@example.org>",
          to: "Anna Muster <anna@example.org>",
          subject,
          body: originalLine,
          headers: { "Message-ID": `<offer-2-${lang}@example.org>`, References: `<offer-1-${lang}@example.org>`, "In-Reply-To": `<offer-1-${lang}@example.org>` },
        }),
      );

      await withPage(baseUrl, { lang, cookie: fixture.user.cookie, viewport }, async (watched: WatchedPage) => {
        const { page } = watched;
        await openMessage(page, originalId);
        await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${originalId}/reply`), page.keyboard.press("r")]);
        expect(await page.locator("#compose-to").inputValue()).toBe("Bob Beispiel <bob@example.org>");
        const body = page.locator("#compose-body");
        await body.focus();
        await page.keyboard.press("Control+Home");
        await page.keyboard.type(typed);
        if (viewport === PHONE) expect(await fitsWidth(page)).toBe(true);

        const sendId = await clickSend(page, lang);
        await expectCountdown(page, lang);
        if (viewport === PHONE) {
          expect(await fitsWidth(page)).toBe(true);
          await watched.screenshot(`send-countdown-${lang}`);
        }
        await waitUntilSent(page, sendId);
        expect((await page.locator("#send-status").textContent())?.trim()).toBe(t(lang, "compose.state.sent"));
        expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("sent");
        if (viewport === PHONE) expect(await fitsWidth(page)).toBe(true);

        const delivered = await readFolder(bob, "INBOX");
        expect(delivered).toHaveLength(1);
        const mail = await simpleParser(delivered[0]!.source);
        expect(mail.from?.value).toEqual([{ name: "Anna Muster", address: "anna@example.org" }]);
        expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: "Bob Beispiel", address: "bob@example.org" }]);
        expect(mail.subject).toBe(`Re: ${subject}`);
        expect(mail.inReplyTo).toBe(`<offer-2-${lang}@example.org>`);
        expect(mail.references).toEqual([`<offer-1-${lang}@example.org>`, `<offer-2-${lang}@example.org>`]);
        const text = mail.text ?? "";
        expect(text.startsWith(typed)).toBe(true);
        expect(text).toContain(`> ${originalLine}`);

        const sent = await readFolder(fixture.box, "Sent");
        expect(sent).toHaveLength(1);
        expect((await simpleParser(sent[0]!.source)).messageId).toBe(mail.messageId);

        const inbox = await readFolder(fixture.box, "INBOX");
        expect(inbox[0]!.flags.has("\\Answered")).toBe(true);
        await waitFor(async () => (await db.sql`select 1 from messages where id = ${originalId} and answered`).length === 1, { timeoutMs: 30_000, what: "answered in the app" });
        await page.goto(`${baseUrl}/messages`);
        await page.waitForLoadState("load");
        expect(await page.locator(`tr[data-message-id="${originalId}"] .badge.answered`).textContent()).toBe(t(lang, "list.answered"));
      });
    }, 120_000);

    test("a reply proposal, used and sent: the delivered reply starts with the proposal's text", async () => {
      const subject = lang === "de" ? "Unterlagen" : "The documents";
      const id = await seedAndSync(
        makeMessage({
          from: "Bob Beispiel <bob@example.org>",
          to: "Anna Muster <anna@example.org>",
          subject,
          body:
            lang === "de"
              ? "Hallo Anna,\n\nkannst du mir die Unterlagen bis Freitag schicken?\n\nLG Bob"
              : "Dear Anna,\n\nwould you kindly send me the documents by Friday?\n\nKind regards,\nBob Beispiel",
          headers: { "Message-ID": `<documents-${lang}@example.org>` },
        }),
      );
      const before = (await readFolder(bob, "INBOX")).length;
      await withPage(baseUrl, { lang, cookie: fixture.user.cookie, viewport }, async ({ page }) => {
        await openMessage(page, id);
        await page.locator("#reply-proposal").scrollIntoViewIfNeeded();
        await page.locator("[data-proposal-id]").waitFor();
        const proposal = (await page.locator("#reply-proposal-text").inputValue()).trimEnd();
        expect(proposal.length).toBeGreaterThan(0);
        await Promise.all([
          page.waitForURL((url) => url.pathname === `/messages/${id}/reply` && url.searchParams.has("proposal")),
          page.getByRole("link", { name: t(lang, "replies.use"), exact: true }).click(),
        ]);
        expect((await page.locator("#compose-body").inputValue()).startsWith(proposal)).toBe(true);
        await waitUntilSent(page, await clickSend(page, lang));
        const delivered = await readFolder(bob, "INBOX");
        expect(delivered).toHaveLength(before + 1);
        const mail = await simpleParser(delivered.at(-1)!.source);
        expect(mail.subject).toBe(`Re: ${subject}`);
        expect(mail.inReplyTo).toBe(`<documents-${lang}@example.org>`);
        expect((mail.text ?? "").replace(/\r\n/g, "\n").startsWith(proposal)).toBe(true);
      });
    }, 120_000);

    test("f, To filled, Send: the delivered forward carries the original attachment byte for byte", async () => {
      const bytes = new Uint8Array(3000).map((_, index) => (index * 7) % 256);
      const subject = lang === "de" ? "Rechnung" : "Invoice";
      const raw = [
        "From: Carla <carla@example.org>",
        "To: anna@example.org",
        `Subject: ${subject}`,
        `Message-ID: <invoice-${lang}@example.org>`,
        "Date: Thu, 03 Dec 2026 13:05:00 +0000",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        lang === "de" ? "Anbei die Rechnung." : "Please find the invoice attached.",
        "--b1",
        'Content-Type: application/pdf; name="rechnung.pdf"',
        'Content-Disposition: attachment; filename="rechnung.pdf"',
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(bytes).toString("base64"),
        "--b1--",
        "",
      ].join("\r\n");
      const id = await seedAndSync(raw);
      const before = (await readFolder(bob, "INBOX")).length;

      await withPage(baseUrl, { lang, cookie: fixture.user.cookie, viewport }, async ({ page }) => {
        await openMessage(page, id);
        await Promise.all([page.waitForURL((url) => url.pathname === `/messages/${id}/forward`), page.keyboard.press("f")]);
        expect(await page.locator("#compose-subject").inputValue()).toBe(`Fwd: ${subject}`);
        expect(await page.locator(".mh-forwarded").textContent()).toContain("rechnung.pdf");
        await page.locator("#compose-to").fill("Bob Beispiel <bob@example.org>");
        if (viewport === PHONE) expect(await fitsWidth(page)).toBe(true);
        const sendId = await clickSend(page, lang);
        await expectCountdown(page, lang);
        await waitUntilSent(page, sendId);
      });

      const delivered = await readFolder(bob, "INBOX");
      expect(delivered).toHaveLength(before + 1);
      const mail = await simpleParser(delivered.at(-1)!.source);
      expect(mail.subject).toBe(`Fwd: ${subject}`);
      expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(["rechnung.pdf"]);
      expect(new Uint8Array(mail.attachments[0]!.content)).toEqual(bytes);
    }, 120_000);

    test("Undo inside the window: the draft is back in the form with its text, the send stays cancelled and nothing arrives", async () => {
      const typed = lang === "de" ? "Doch nicht senden, bitte." : "Do not send this after all.";
      const before = (await readFolder(bob, "INBOX")).length;
      const deliveredBefore = relay.delivered.length;

      await withPage(baseUrl, { lang, cookie: fixture.user.cookie, viewport }, async ({ page }) => {
        await page.goto(`${baseUrl}/compose`);
        await page.waitForLoadState("load");
        await page.locator("#compose-to").fill("bob@example.org");
        await page.locator("#compose-subject").fill(lang === "de" ? "Entwurf" : "Draft");
        await page.locator("#compose-body").fill(typed);
        const sendId = await clickSend(page, lang);
        await expectCountdown(page, lang);
        await Promise.all([page.waitForURL((url) => url.pathname === "/compose" && url.searchParams.has("draft")), page.locator("#send-status button[data-undo]").click()]);
        expect(await page.locator("#compose-body").inputValue()).toBe(typed);
        expect(await page.locator("#compose-to").inputValue()).toBe("bob@example.org");
        expect(await page.locator("body").textContent()).toContain(t(lang, "compose.undone"));
        if (viewport === PHONE) expect(await fitsWidth(page)).toBe(true);

        // Past the end of the undo window plus a margin, measured against the database's clock, polling:
        // the send stays cancelled, its job is gone, and nothing reached the SMTP server or Bob's INBOX.
        const state = await sendState(db.sql, fixture.user.user.id, sendId);
        expect(state?.status).toBe("cancelled");
        const margin = 3;
        await waitFor(
          async () => {
            const current = await sendState(db.sql, fixture.user.user.id, sendId);
            expect(current?.status).toBe("cancelled");
            expect(relay.delivered.length).toBe(deliveredBefore);
            const [past] = await db.sql<{ past: boolean }[]>`select now() > ${state!.undoUntil}::timestamptz + make_interval(secs => ${margin}) as past`;
            return past!.past;
          },
          { timeoutMs: 30_000, intervalMs: 250, what: "the end of the undo window" },
        );
        const jobs = await db.sql`select 1 from graphile_worker.jobs where key = ${`send:${sendId}`}`;
        expect(jobs).toHaveLength(0);
        expect((await sendState(db.sql, fixture.user.user.id, sendId))?.status).toBe("cancelled");
        expect(await readFolder(bob, "INBOX")).toHaveLength(before);
        expect(relay.delivered.length).toBe(deliveredBefore);
      });
    }, 120_000);

    test("an account without SMTP settings: Send answers in the user's language with a link to the account's SMTP settings, and keeps the text", async () => {
      const unset = await syncFixture(services);
      const typed = lang === "de" ? "Noch ohne Postausgang." : "No outgoing server yet.";
      await withPage(baseUrl, { lang, cookie: unset.user.cookie, viewport }, async ({ page }) => {
        await page.goto(`${baseUrl}/compose`);
        await page.waitForLoadState("load");
        await page.locator("#compose-to").fill("bob@example.org");
        await page.locator("#compose-body").fill(typed);
        await Promise.all([page.waitForURL((url) => url.pathname === "/compose/send"), page.locator("#compose-form button[type=submit]", { hasText: t(lang, "compose.send") }).click()]);
        const error = page.locator(".form-error");
        expect(await error.textContent()).toContain(t(lang, "compose.error.no_smtp"));
        const link = error.locator("a");
        expect(await link.textContent()).toBe(t(lang, "compose.error.no_smtp.link"));
        expect(await link.getAttribute("href")).toBe(`/accounts/${unset.account.id}#smtp`);
        expect(await page.locator("#compose-body").inputValue()).toBe(typed);
        if (viewport === PHONE) expect(await fitsWidth(page)).toBe(true);
        await Promise.all([page.waitForURL((url) => url.pathname === `/accounts/${unset.account.id}`), link.click()]);
        expect(await page.locator("#smtp #smtp-title").textContent()).toBe(t(lang, "smtp.title"));
      });
    }, 30_000);
  });
}
