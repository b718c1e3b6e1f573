/**
 * /waiting over HTTP: the page in German and English, the days setting,
 * "Erledigt" and its undo, "Erinnern in …" through snooze, the JSON API with
 * its cursor, another user's ids (404, nothing changes) and cross-site
 * forms (refused).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { dovecot } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";
import { seedWaitingMailbox } from "../mail/waiting/fixtures.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const ORIGIN = { Origin: "http://127.0.0.1:3000" };

interface WaitingJson {
  days: number;
  messages: { id: string; subject: string | null; recipients: { address: string }[]; daysWaiting: number; remindAt: string | null; threadId: string }[];
  next: string | null;
}

describe("/waiting", () => {
  test("lists the unanswered sent message in German and English, with its conversation link and actions", async () => {
    const seeded = await seedWaitingMailbox(services, await dovecot());
    const web = client(app, { cookie: seeded.fixture.user.cookie });
    const id = seeded.ids["Angebot Gartenhaus"]!;

    const de = await (await web.get("/waiting", { "Accept-Language": "de" })).text();
    expect(de).toContain("<h1>Warten auf Antwort</h1>");
    expect(de).toContain("Angebot Gartenhaus");
    expect(de).toContain(`href="/threads/${id.threadId}"`);
    expect(de).toContain("An Anna");
    expect(de).toContain("wartet seit 5 Tagen");
    expect(de).toContain(`action="/waiting/${id.id}/dismiss"`);
    expect(de).toContain("Erledigt");
    expect(de).toContain("Erinnern in …");
    for (const left of ["Frage zum Termin", "Notiz an mich", "Kündigung", "Rechnung März", "Treffen", "Unbeantwortet"]) expect(de).not.toContain(left);

    const en = await (await web.get("/waiting", { "Accept-Language": "en" })).text();
    expect(en).toContain("<h1>Waiting for reply</h1>");
    expect(en).toContain("waiting for 5 days");
  });

  test("the days setting, Erledigt with its undo, and a reminder through snooze", async () => {
    const seeded = await seedWaitingMailbox(services, await dovecot());
    const web = client(app, { cookie: seeded.fixture.user.cookie });
    const id = seeded.ids["Angebot Gartenhaus"]!.id;

    expect((await web.post("/waiting/settings", { days: "0" }, ORIGIN)).status).toBe(400);
    expect((await web.post("/waiting/settings", { days: "31" }, ORIGIN)).status).toBe(400);
    const saved = await web.post("/waiting/settings", { days: "1" }, ORIGIN);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/waiting?done=saved");
    expect(await (await web.get("/waiting?done=saved", { "Accept-Language": "de" })).text()).toContain("Frage zum Termin");

    const dismissed = await web.post(`/waiting/${id}/dismiss`, {}, ORIGIN);
    expect(dismissed.headers.get("location")).toBe(`/waiting?done=dismissed&id=${id}`);
    const after = await (await web.get(`/waiting?done=dismissed&id=${id}`, { "Accept-Language": "de" })).text();
    expect(after).not.toContain("Angebot Gartenhaus");
    expect(after).toContain(`action="/waiting/${id}/restore"`);
    await web.post(`/waiting/${id}/restore`, {}, ORIGIN);
    expect(await (await web.get("/waiting")).text()).toContain("Angebot Gartenhaus");

    const reminded = await web.post(`/waiting/${id}/remind`, { until: "nextweek" }, ORIGIN);
    expect(reminded.status).toBe(303);
    const [row] = await db.sql<{ until: Date | null }[]>`select snoozed_until as until from messages where id = ${id}`;
    expect(row!.until).not.toBeNull();
    expect(reminded.headers.get("location")).toBe(`/waiting?done=reminded&id=${id}&until=${encodeURIComponent(row!.until!.toISOString())}`);
    expect(await (await web.get("/waiting", { "Accept-Language": "de" })).text()).toContain("Erinnerung ");
    expect((await web.post(`/waiting/${id}/remind`, { until: "at", snoozeAt: "2001-01-01T08:00" }, ORIGIN)).status).toBe(400);
    await web.post(`/waiting/${id}/remind`, { until: "clear" }, ORIGIN);
    const [cleared] = await db.sql<{ until: Date | null }[]>`select snoozed_until as until from messages where id = ${id}`;
    expect(cleared!.until).toBeNull();
  });

  test("another user's ids answer 404 and change nothing; cross-site forms are refused; the API lists only mine and refuses a bad cursor", async () => {
    const server = await dovecot();
    const mine = await seedWaitingMailbox(services, server);
    const theirs = await seedWaitingMailbox(services, server);
    const me = client(app, { cookie: mine.fixture.user.cookie });
    const id = theirs.ids["Angebot Gartenhaus"]!.id;

    for (const path of [`/waiting/${id}/dismiss`, `/waiting/${id}/restore`]) expect((await me.post(path, {}, ORIGIN)).status).toBe(404);
    expect((await me.post(`/waiting/${id}/remind`, { until: "tomorrow" }, ORIGIN)).status).toBe(404);
    expect((await me.post(`/waiting/${id}/remind`, { until: "clear" }, ORIGIN)).status).toBe(404);
    expect((await me.json(`/api/v1/waiting/${id}/dismiss`, { method: "POST", headers: ORIGIN })).status).toBe(404);
    expect((await me.post("/waiting/not-a-uuid/dismiss", {}, ORIGIN)).status).toBe(404);
    const [theirRow] = await db.sql<{ until: Date | null; dismissed: boolean }[]>`
      select snoozed_until as until, exists (select 1 from waiting_dismissals where message_id = ${id}) as dismissed from messages where id = ${id}`;
    expect(theirRow).toEqual({ until: null, dismissed: false });

    // A form posted from another site with the session cookie changes nothing.
    const mineId = mine.ids["Angebot Gartenhaus"]!.id;
    expect((await me.post(`/waiting/${mineId}/dismiss`, {}, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await me.post("/waiting/settings", { days: "7" }, { Origin: "https://evil.example" })).status).toBe(403);
    const crossSite = await app.request(`/waiting/${mineId}/remind`, {
      method: "POST",
      headers: { Cookie: mine.fixture.user.cookie, "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
      body: "until=tomorrow",
    });
    expect(crossSite.status).toBe(403);
    const [notReminded] = await db.sql<{ until: Date | null }[]>`select snoozed_until as until from messages where id = ${mineId}`;
    expect(notReminded!.until).toBeNull();
    const [unchanged] = await db.sql<{ days: number }[]>`select waiting_days as days from users where id = ${mine.fixture.user.user.id}`;
    expect(unchanged!.days).toBe(3);

    // The API: only my message; one per page with a cursor after setting 1 day.
    const page = (await (await me.json("/api/v1/waiting")).json()) as WaitingJson;
    expect(page.days).toBe(3);
    expect(page.messages.map((message) => message.id)).toEqual([mineId]);
    expect(page.messages[0]).toMatchObject({ subject: "Angebot Gartenhaus", daysWaiting: 5, remindAt: null, recipients: [{ address: "anna@example.net" }] });
    expect((await me.json("/api/v1/waiting?after=garbage")).status).toBe(400);
    expect((await client(app).json("/api/v1/waiting")).status).toBe(401);
    expect((await me.json(`/api/v1/waiting/${mineId}/dismiss`, { method: "POST", headers: ORIGIN })).status).toBe(204);
    expect(((await (await me.json("/api/v1/waiting")).json()) as WaitingJson).messages).toEqual([]);
  });
});
