/** Administration over HTTP: disable, enable, delete, and the password reset that wipes encrypted data. */
import { afterAll, describe, expect, test } from "bun:test";
import { deleteErasedUserRows } from "../../src/auth/delete-user.ts";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const admin = await createTestUser(services, { role: "admin" });

const act = (path: string, htmx = false) => client(app, { cookie: admin.cookie }).post(path, {}, htmx ? { "HX-Request": "true" } : {});

describe("administration", () => {
  test("lists users with role, status, second factor and key mode", async () => {
    const user = await createTestUser(services, { keyMode: "strict" });
    const html = await (await client(app, { cookie: admin.cookie }).get("/admin/users", { "Accept-Language": "en" })).text();
    expect(html).toContain(user.user.email);
    expect(html).toContain("Strict mode");
  });

  test("disable and enable answer with the updated row for htmx", async () => {
    const user = await createTestUser(services);
    const disabled = await act(`/admin/users/${user.user.id}/disable`, true);
    expect(disabled.status).toBe(200);
    expect(await disabled.text()).toContain('data-status="disabled"');
    const enabled = await act(`/admin/users/${user.user.id}/enable`, true);
    expect(await enabled.text()).toContain('data-status="active"');
    expect((await client(app).post("/signin", { email: user.user.email, password: user.password })).status).toBe(303);
  });

  test("an administrator cannot disable, delete or reset themselves", async () => {
    for (const action of ["disable", "delete", "reset-password"]) {
      const response = await act(`/admin/users/${admin.user.id}/${action}`, true);
      expect(await response.text()).toContain("eigenen Konto");
    }
    expect((await db.sql`select status from users where id = ${admin.user.id}`)[0]!.status).toBe("active");
  });

  test("delete erases the key and ends the sessions at once, the job removes the user, audited without the address", async () => {
    const user = await createTestUser(services);
    expect((await act(`/admin/users/${user.user.id}/delete`)).status).toBe(303);
    expect(await db.sql`select 1 from sessions where user_id = ${user.user.id}`).toHaveLength(0);
    expect((await client(app, { cookie: admin.cookie }).get("/admin/users")).status).toBe(200);
    expect(await (await client(app, { cookie: admin.cookie }).get("/admin/users")).text()).not.toContain(user.user.email);
    await deleteErasedUserRows(db.sql, user.user.id, services.log);
    expect(await db.sql`select 1 from users where id = ${user.user.id}`).toHaveLength(0);
    const [event] = await db.sql`select event, detail from audit_events where event = 'user.deleted' order by id desc limit 1`;
    expect(event!.detail).toEqual({ userId: user.user.id, bySelf: false });
  });

  test("a password reset wipes the encrypted data, logs it, and gives a single-use link to a new password", async () => {
    const user = await createTestUser(services, { keyMode: "strict" });
    await db.sql`insert into recovery_codes (user_id, code_hash) values (${user.user.id}, 'x')`;
    const logs = captureLogs("info");
    const response = await act(`/admin/users/${user.user.id}/reset-password`, true);
    logs.stop();
    const html = await response.text();
    const link = /(http:\/\/127\.0\.0\.1:3000\/reset-password\?token=[\w-]+)/.exec(html)![1]!;
    expect(logs.entries().some((entry) => entry.msg === "audit" && entry.event === "user.password_reset_by_admin")).toBe(true);

    const [row] = await db.sql`select key_mode, totp_secret_encrypted, totp_enabled_at from users where id = ${user.user.id}`;
    expect(row).toEqual({ key_mode: "background", totp_secret_encrypted: null, totp_enabled_at: null });
    expect(await db.sql`select 1 from recovery_codes where user_id = ${user.user.id}`).toHaveLength(0);
    expect(await db.sql`select 1 from sessions where user_id = ${user.user.id}`).toHaveLength(0);
    // The old password no longer works.
    expect((await client(app).post("/signin", { email: user.user.email, password: user.password })).status).toBe(400);

    const path = link.replace("http://127.0.0.1:3000", "");
    expect((await client(app).get(path)).status).toBe(200);
    const set = await client(app).post("/reset-password", { token: new URL(link).searchParams.get("token")!, password: "Ganz Neues Passwort Tulpe 8" });
    expect(set.status).toBe(303);
    expect(set.headers.get("location")).toBe("/setup/second-factor");
    const partial = sessionTokenFrom(set, services)!;
    const setup = await (await client(app, { cookie: cookieFor(services, partial) }).get("/setup/second-factor")).text();
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup)![1]!.replaceAll(" ", "");
    const done = await client(app, { cookie: cookieFor(services, partial) }).post("/setup/second-factor", { code: currentTotpCode(secret, Date.now()) });
    expect(done.status).toBe(200);
    // The link was used up.
    expect((await client(app).get(path)).status).toBe(404);
  });
});

describe("invitations page", () => {
  test("creates a link shown once, lists it, and revokes it", async () => {
    const created = await client(app, { cookie: admin.cookie }).post("/admin/invitations", { email: "neu@example.org", role: "user", days: "5" });
    const html = await created.text();
    expect(created.headers.get("cache-control")).toBe("no-store");
    const token = /\/signup\?token=([\w-]+)/.exec(html)![1]!;
    const [invitation] = await db.sql`select id from invitations where email = 'neu@example.org'`;
    const list = await (await client(app, { cookie: admin.cookie }).get("/admin/invitations")).text();
    expect(list).not.toContain(token);
    expect(list).toContain('data-state="open"');
    const revoked = await act(`/admin/invitations/${invitation!.id}/revoke`, true);
    expect(await revoked.text()).toContain('data-state="revoked"');
    expect((await client(app).get(`/signup?token=${token}`)).status).toBe(404);
  });

  test("refuses out-of-range validity", async () => {
    const response = await client(app, { cookie: admin.cookie }).post("/admin/invitations", { role: "user", days: "90" });
    expect(response.status).toBe(400);
  });
});
