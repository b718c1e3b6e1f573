/** The time zone per user over HTTP: taken at sign-up only when Intl knows it, changed only for the acting user, refused when unknown. */
import { afterAll, describe, expect, test } from "bun:test";
import { createInvitation } from "../../src/auth/invitations.ts";
import { setUserTimeZone } from "../../src/auth/users.ts";
import { t } from "../../src/i18n/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

const admin = await createTestUser(services, { role: "admin" });
const zoneOf = async (userId: string) => (await db.sql`select time_zone from users where id = ${userId}`)[0]!.time_zone as string | null;

describe("sign-up", () => {
  test.each([
    ["Europe/Vienna", "Europe/Vienna"],
    ["europe/vienna", "Europe/Vienna"],
    ["Mars/Olympus", null],
    ["", null],
    ["Europe/Berlin'; drop table users; --", null],
  ])("the browser's zone %p is stored as %p", async (sent, stored) => {
    const { token } = await createInvitation(db.sql, { createdBy: admin.user.id, role: "user", days: 1 });
    const email = `signup-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const response = await client(app, { address: `192.0.2.${Math.floor(Math.random() * 200) + 20}` }).post("/signup", { token, email, password: "Gartenzaun Laterne Quitte 7", timeZone: sent });
    expect(response.status).toBe(303);
    const [user] = await db.sql`select time_zone from users where email = ${email}`;
    expect(user!.time_zone).toBe(stored);
  });
});

describe("the account page", () => {
  test("shows the server's zone selected while none is stored, then the stored one", async () => {
    const user = await createTestUser(services);
    const before = await (await client(app, { cookie: user.cookie }).get("/account/time-zone")).text();
    const serverZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(before).toContain(`<option value="${serverZone}" selected="">`);
    await setUserTimeZone(db.sql, user.user.id, "Pacific/Auckland");
    const after = await (await client(app, { cookie: user.cookie }).get("/account/time-zone")).text();
    expect(after).toContain('<option value="Pacific/Auckland" selected="">');
    const zoneSelect = after.slice(after.indexOf('<select id="timeZone"'), after.indexOf("</select>", after.indexOf('<select id="timeZone"')));
    expect(zoneSelect.match(/selected=""/g)).toHaveLength(1);
  });

  test("a known zone is stored for the acting user only", async () => {
    const user = await createTestUser(services);
    const other = await createTestUser(services);
    await setUserTimeZone(db.sql, other.user.id, "Europe/Berlin");
    const response = await client(app, { cookie: user.cookie }).post("/account/time-zone", { timeZone: "America/Sao_Paulo", userId: other.user.id });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(t("de", "timeZone.saved"));
    expect(await zoneOf(user.user.id)).toBe("America/Sao_Paulo");
    expect(await zoneOf(other.user.id)).toBe("Europe/Berlin");
  });

  test("an unknown zone is refused with the form again and changes nothing", async () => {
    const user = await createTestUser(services);
    await setUserTimeZone(db.sql, user.user.id, "Europe/Berlin");
    for (const timeZone of ["Mars/Olympus", "+02:00", "", "Europe/Berlin "]) {
      const response = await client(app, { cookie: user.cookie }).post("/account/time-zone", { timeZone });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(t("de", "timeZone.invalid"));
    }
    // A NUL is refused where every form is read, before the handler.
    expect((await client(app, { cookie: user.cookie }).post("/account/time-zone", { timeZone: "Europe/Berlin\u0000" })).status).toBe(400);
    expect(await zoneOf(user.user.id)).toBe("Europe/Berlin");
  });

  test("signed out, the page and the change send to sign-in", async () => {
    expect((await client(app).get("/account/time-zone")).status).toBe(303);
    expect((await client(app).post("/account/time-zone", { timeZone: "Europe/Berlin" })).status).not.toBe(200);
  });
});
