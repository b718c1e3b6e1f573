/** The invitation box on the message page: its event in the reader's zone and language, escaped, with the .ics download; none for other mail or other users. */
import { afterAll, describe, expect, test } from "bun:test";
import { setUserTimeZone } from "../../src/auth/users.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});

const ICS = [
  "BEGIN:VCALENDAR",
  "METHOD:REQUEST",
  "PRODID:Microsoft Exchange Server 2010",
  "VERSION:2.0",
  "BEGIN:VEVENT",
  'ORGANIZER;CN="Müller, Anna":mailto:anna@example.org',
  "SUMMARY;LANGUAGE=de-DE:Quartalsplanung <script>alert(1)</script>",
  "DTSTART;TZID=W. Europe Standard Time:20260316T100000",
  "DTEND;TZID=W. Europe Standard Time:20260316T113000",
  "UID:plan-2026-q2",
  "LOCATION:Raum 3\\, 2. OG",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

const invitation = [
  "From: Anna Müller <anna@example.org>",
  "To: Ben <ben@example.org>",
  "Subject: Einladung: Quartalsplanung",
  "Date: Mon, 02 Mar 2026 09:00:00 +0100",
  "Message-ID: <invite-1@example.org>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/alternative; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Bitte zusagen.",
  "--b1",
  'Content-Type: text/calendar; charset=utf-8; method=REQUEST; name="meeting.ics"',
  "Content-Transfer-Encoding: base64",
  "",
  Buffer.from(ICS).toString("base64"),
  "--b1--",
  "",
].join("\r\n");

describe("a message with a calendar invitation", async () => {
  const box = await seedMailbox(services);
  const id = await box.store(invitation);

  test.each([
    ["de", "Europe/Berlin", "Mo., 16. März 2026, 10:00–11:30 Uhr"],
    ["en", "America/New_York", "Mon, 16 Mar 2026, 05:00–06:30"],
  ] as const)("shows its event in %s, in the reader's zone %s", async (lang, zone, when) => {
    await setUserTimeZone(db.sql, box.user.user.id, zone);
    const response = await client(app, { cookie: box.user.cookie }).get(`/messages/${id}`, { "Accept-Language": lang });
    expect(response.status).toBe(200);
    const html = await response.text();
    const section = html.slice(html.indexOf('<section class="card mh-calendar"'), html.indexOf("</section>", html.indexOf('<section class="card mh-calendar"')));
    expect(section).toContain(`${t(lang, "calendar.invitation")}: Quartalsplanung &lt;script&gt;alert(1)&lt;/script&gt;`);
    expect(section).toContain(`<dd class="mh-calendar-when">${when}</dd>`);
    expect(section).toContain('<dd class="mh-calendar-where">Raum 3, 2. OG</dd>');
    expect(section).toContain('<dd class="mh-calendar-organizer">Müller, Anna &lt;anna@example.org&gt;</dd>');
    expect(section).toContain(t(lang, "calendar.download"));
    expect(html).not.toContain("<script>alert(1)");
  });

  test("the .ics download is the file itself, as text/calendar", async () => {
    const html = await (await client(app, { cookie: box.user.cookie }).get(`/messages/${id}`)).text();
    const href = /<section class="card mh-calendar"[\s\S]*?<a class="button" href="([^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    const download = await client(app, { cookie: box.user.cookie }).get(href);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/calendar");
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    expect(download.headers.get("content-disposition")).toContain(".ics");
    expect(await download.text()).toBe(ICS);
  });

  test("another user gets 404 for the page and the file", async () => {
    const other = await createTestUser(services);
    const html = await (await client(app, { cookie: box.user.cookie }).get(`/messages/${id}`)).text();
    const href = /<section class="card mh-calendar"[\s\S]*?<a class="button" href="([^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect((await client(app, { cookie: other.cookie }).get(`/messages/${id}`)).status).toBe(404);
    expect((await client(app, { cookie: other.cookie }).get(href)).status).toBe(404);
  });

  test("a message without one has no box", async () => {
    const plain = await box.store(htmlMail({ subject: "Ohne Termin", html: "<p>Hallo</p>" }));
    const html = await (await client(app, { cookie: box.user.cookie }).get(`/messages/${plain}`)).text();
    expect(html).not.toContain("mh-calendar");
  });
});
