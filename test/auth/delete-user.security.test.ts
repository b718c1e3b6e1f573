/**
 * Who may delete which account, over the pages and the API: a user deletes
 * only their own (password and the address typed again on the page; the
 * browser session, never a token, on the API); an administrator deletes
 * others (never themselves); nobody else reaches another user's account; the
 * last administrator cannot leave. Every refusal changes nothing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createApiToken } from "../../src/auth/api-tokens.ts";
import { eraseUser } from "../../src/auth/delete-user.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const erased = async (user: TestUser) => (await db.sql<{ erased: boolean }[]>`select erased_at is not null as erased from users where id = ${user.user.id}`)[0]?.erased;
const json = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { Accept: "application/json", "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("the account page", () => {
  test("shows what goes and what stays, in German and English", async () => {
    const user = await createTestUser(services);
    const de = await (await client(app, { cookie: user.cookie }).get("/account/delete", { "Accept-Language": "de" })).text();
    expect(de).toContain("Konto löschen");
    expect(de).toContain("Mailserver bleiben unberührt");
    const en = await (await client(app, { cookie: user.cookie }).get("/account/delete", { "Accept-Language": "en" })).text();
    expect(en).toContain("Delete my account for good");
    expect((await client(app).get("/account/delete")).status).toBe(303);
  });

  test("refuses a wrong address or a wrong password and changes nothing", async () => {
    const user = await createTestUser(services);
    const as = client(app, { cookie: user.cookie });
    const wrongAddress = await as.post("/account/delete", { password: user.password, confirmation: "someone@example.org" }, { "Accept-Language": "en" });
    expect(wrongAddress.status).toBe(400);
    expect(await wrongAddress.text()).toContain("not the email address of this account");
    const wrongPassword = await as.post("/account/delete", { password: "nicht das Passwort", confirmation: user.user.email });
    expect(wrongPassword.status).toBe(400);
    expect(await erased(user)).toBe(false);
    expect((await as.get("/account/security")).status).toBe(200);
  });

  test("a form from another site is refused", async () => {
    const user = await createTestUser(services);
    const response = await app.request("/account/delete", {
      method: "POST",
      headers: { Cookie: user.cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ password: user.password, confirmation: user.user.email }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await erased(user)).toBe(false);
  });

  test("deletes with the password and the address (any case): signed out, the cookie cleared, the key gone", async () => {
    const user = await createTestUser(services);
    const as = client(app, { cookie: user.cookie });
    const response = await as.post("/account/delete", { password: user.password, confirmation: user.user.email.toUpperCase() }, { "Accept-Language": "en" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Your account has been deleted");
    expect(response.headers.getSetCookie().some((cookie) => /Max-Age=0/i.test(cookie))).toBe(true);
    expect(await erased(user)).toBe(true);
    expect((await as.get("/account/security")).status).toBe(303);
    const [row] = await db.sql`select dek_password_wrapped, dek_master_wrapped from users where id = ${user.user.id}`;
    expect(row).toEqual({ dek_password_wrapped: null, dek_master_wrapped: null });
  });

  test("the only administrator cannot delete their account", async () => {
    await db.sql`update users set role = 'user' where role = 'admin'`;
    const admin = await createTestUser(services, { role: "admin" });
    const response = await client(app, { cookie: admin.cookie }).post("/account/delete", { password: admin.password, confirmation: admin.user.email });
    expect(response.status).toBe(409);
    expect(await erased(admin)).toBe(false);
    const second = await createTestUser(services, { role: "admin" });
    expect((await client(app, { cookie: admin.cookie }).post("/account/delete", { password: admin.password, confirmation: admin.user.email })).status).toBe(200);
    expect(await erased(admin)).toBe(true);
    expect(await erased(second)).toBe(false);
  });
});

describe("the last administrator", () => {
  test("two administrators deleting themselves at once: exactly one goes", async () => {
    await db.sql`update users set role = 'user' where role = 'admin'`;
    const first = await createTestUser(services, { role: "admin" });
    const second = await createTestUser(services, { role: "admin" });
    const [a, b] = await Promise.all([first, second].map((admin) => eraseUser(services, admin.user.id, { id: admin.user.id, self: true })));
    expect([a, b].sort()).toEqual(["erased", "last_admin"]);
    expect([await erased(first), await erased(second)].filter(Boolean)).toHaveLength(1);
  });
});

describe("DELETE /api/v1/account", () => {
  test("needs the browser session: a token with every scope gets 403 and nothing changes", async () => {
    const user = await createTestUser(services, { role: "admin" });
    const { secret } = await createApiToken(db.sql, services.log, user.user.id, { name: "alles", scopes: ["read", "change", "send", "rules", "admin"], expiresInDays: null });
    const response = await json({ Authorization: `Bearer ${secret}` }, "DELETE", "/api/v1/account", { password: user.password });
    expect(response.status).toBe(403);
    expect(await erased(user)).toBe(false);
  });

  test("a wrong password is 403, a missing one 400, signed out 401; nothing changes", async () => {
    const user = await createTestUser(services);
    expect((await json({ Cookie: user.cookie }, "DELETE", "/api/v1/account", { password: "falsch" })).status).toBe(403);
    expect((await json({ Cookie: user.cookie }, "DELETE", "/api/v1/account", {})).status).toBe(400);
    expect((await json({}, "DELETE", "/api/v1/account", { password: user.password })).status).toBe(401);
    expect(await erased(user)).toBe(false);
  });

  test("with the password: 204, erased, the session ends", async () => {
    const user = await createTestUser(services);
    expect((await json({ Cookie: user.cookie }, "DELETE", "/api/v1/account", { password: user.password })).status).toBe(204);
    expect(await erased(user)).toBe(true);
    expect((await json({ Cookie: user.cookie }, "GET", "/api/v1/me")).status).toBe(401);
  });
});

describe("someone else's account", () => {
  test("a user cannot delete another user: the admin page and API answer 404 and nothing changes", async () => {
    const mallory = await createTestUser(services);
    const victim = await createTestUser(services);
    expect((await client(app, { cookie: mallory.cookie }).post(`/admin/users/${victim.user.id}/delete`)).status).toBe(404);
    expect((await json({ Cookie: mallory.cookie }, "DELETE", `/api/v1/admin/users/${victim.user.id}`)).status).toBe(404);
    expect(await erased(victim)).toBe(false);
  });

  test("an administrator deletes another user (204), never themselves (409); an unknown id is 404", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const victim = await createTestUser(services);
    expect((await json({ Cookie: admin.cookie }, "DELETE", `/api/v1/admin/users/${admin.user.id}`)).status).toBe(409);
    expect((await json({ Cookie: admin.cookie }, "DELETE", `/api/v1/admin/users/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await json({ Cookie: admin.cookie }, "DELETE", `/api/v1/admin/users/${victim.user.id}`)).status).toBe(204);
    expect(await erased(victim)).toBe(true);
    expect((await json({ Cookie: victim.cookie }, "GET", "/api/v1/me")).status).toBe(401);
    // Being deleted, the account is gone for the administrator too.
    expect((await json({ Cookie: admin.cookie }, "GET", `/api/v1/admin/users/${victim.user.id}`)).status).toBe(404);
    expect((await json({ Cookie: admin.cookie }, "DELETE", `/api/v1/admin/users/${victim.user.id}`)).status).toBe(404);
  });
});
