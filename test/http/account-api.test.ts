/**
 * The signed-in user's own account over JSON: password change and key mode
 * need the current password (403 otherwise, nothing changed), replace the
 * session and are audited; recovery codes are shown once and counted after;
 * reading, time zone and language settings read and change as the pages do.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { verifyPassword } from "../../src/auth/passwords.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { SettingsJson } from "../../src/http/routes/api/v1/account-settings.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom, signInAs, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const api = (cookie: string) => {
  const json = client(app, { cookie }).json;
  const send = (method: string) => (path: string, body?: unknown) =>
    json(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { get: (path: string) => json(path), post: send("POST"), put: send("PUT"), patch: send("PATCH") };
};

const passwordHash = async (user: TestUser) => (await db.sql<{ hash: string }[]>`select password_hash as hash from users where id = ${user.user.id}`)[0]!.hash;
const audited = async (user: TestUser, event: string) => (await db.sql`select detail from audit_events where subject_id = ${user.user.id} and event = ${event}`).map((row) => row.detail);

describe("POST /api/v1/me/password", () => {
  test("needs the current password: a wrong one is 403 and changes nothing", async () => {
    const user = await createTestUser(services);
    const before = await passwordHash(user);
    const response = await api(user.cookie).post("/api/v1/me/password", { current: "nicht das Passwort", next: "Regenschirm Zitrone Laterne 42" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("FORBIDDEN");
    expect(await passwordHash(user)).toBe(before);
    expect(await audited(user, "user.password_changed")).toHaveLength(0);
    expect((await api(user.cookie).get("/api/v1/me")).status).toBe(200);
  });

  test("a weak new password is 400 and changes nothing", async () => {
    const user = await createTestUser(services);
    const before = await passwordHash(user);
    const response = await api(user.cookie).post("/api/v1/me/password", { current: user.password, next: "password1234" });
    expect(response.status).toBe(400);
    expect(await passwordHash(user)).toBe(before);
  });

  test("changes it: the session is replaced (new cookie), other devices are signed out, audited", async () => {
    const user = await createTestUser(services);
    const other = cookieFor(services, await signInAs(services, user.user, user.dataKey));
    const next = "Regenschirm Zitrone Laterne 42";
    const response = await api(user.cookie).post("/api/v1/me/password", { current: user.password, next });
    expect(response.status).toBe(204);
    const token = sessionTokenFrom(response, services);
    expect(token).toBeDefined();
    expect(token).not.toBe(user.token);
    expect(await verifyPassword(next, await passwordHash(user))).toBe(true);
    expect((await api(user.cookie).get("/api/v1/me")).status).toBe(401);
    expect((await api(other).get("/api/v1/me")).status).toBe(401);
    expect((await api(cookieFor(services, token!)).get("/api/v1/me")).status).toBe(200);
    expect(await audited(user, "user.password_changed")).toEqual([{ otherSessionsEnded: 1 }]);
  });

  test("a body that is not the schema is 400; signed out is 401", async () => {
    const user = await createTestUser(services);
    expect((await api(user.cookie).post("/api/v1/me/password", { current: user.password })).status).toBe(400);
    expect((await api("").post("/api/v1/me/password", { current: "a", next: "b" })).status).toBe(401);
  });
});

describe("PUT /api/v1/me/key-mode", () => {
  test("strict and back with the password; a wrong password is 403 and leaves the mode; audited", async () => {
    const user = await createTestUser(services);
    const wrong = await api(user.cookie).put("/api/v1/me/key-mode", { mode: "strict", password: "falsch" });
    expect(wrong.status).toBe(403);
    expect((await db.sql`select key_mode from users where id = ${user.user.id}`)[0]!.key_mode).toBe("background");

    const strict = await api(user.cookie).put("/api/v1/me/key-mode", { mode: "strict", password: user.password });
    expect(strict.status).toBe(200);
    expect(await strict.json()).toEqual({ keyMode: "strict" });
    expect((await db.sql`select key_mode, dek_master_wrapped from users where id = ${user.user.id}`)[0]).toEqual({ key_mode: "strict", dek_master_wrapped: null });
    const cookie = cookieFor(services, sessionTokenFrom(strict, services)!);
    // The new session holds the data key itself: pages that need it still open.
    expect((await api(cookie).get("/api/v1/me")).status).toBe(200);

    const background = await api(cookie).put("/api/v1/me/key-mode", { mode: "background", password: user.password });
    expect(background.status).toBe(200);
    expect((await db.sql`select key_mode from users where id = ${user.user.id}`)[0]!.key_mode).toBe("background");
    expect(await audited(user, "user.key_mode_changed")).toEqual([{ mode: "strict" }, { mode: "background" }]);
    // That replaced the session again: the cookie before it is signed out.
    expect((await api(cookie).get("/api/v1/me")).status).toBe(401);
    const latest = cookieFor(services, sessionTokenFrom(background, services)!);
    expect((await api(latest).put("/api/v1/me/key-mode", { mode: "paranoid", password: user.password })).status).toBe(400);
  });
});

describe("/api/v1/me/recovery-codes", () => {
  test("new codes are shown once: the count is readable later, the codes never; the old set stops working; audited", async () => {
    const user = await createTestUser(services);
    expect(await (await api(user.cookie).get("/api/v1/me/recovery-codes")).json()).toEqual({ remaining: 0 });
    const made = await api(user.cookie).post("/api/v1/me/recovery-codes");
    expect(made.status).toBe(201);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const { codes, remaining } = (await made.json()) as { codes: string[]; remaining: number };
    expect(codes).toHaveLength(10);
    expect(remaining).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const count = await (await api(user.cookie).get("/api/v1/me/recovery-codes")).text();
    expect(JSON.parse(count)).toEqual({ remaining: 10 });
    for (const code of codes) expect(count).not.toContain(code);
    const stored = await db.sql<{ hash: string }[]>`select code_hash as hash from recovery_codes where user_id = ${user.user.id}`;
    for (const code of codes) expect(stored.map((row) => row.hash)).not.toContain(code);

    const again = (await (await api(user.cookie).post("/api/v1/me/recovery-codes")).json()) as { codes: string[] };
    expect(again.codes.filter((code) => codes.includes(code))).toEqual([]);
    expect((await db.sql`select count(*)::int as n from recovery_codes where user_id = ${user.user.id}`)[0]!.n).toBe(10);
    expect(await audited(user, "user.recovery_codes_regenerated")).toHaveLength(2);
  });
});

describe("/api/v1/me/settings", () => {
  test("reads the defaults; PATCH changes what it names and keeps the rest", async () => {
    const user = await createTestUser(services);
    const start = (await (await api(user.cookie).get("/api/v1/me/settings")).json()) as SettingsJson;
    expect(start).toEqual({ readOnOpen: true, doneArchives: false, snoozeMoves: false, timeZone: null, language: null });

    const changed = await api(user.cookie).patch("/api/v1/me/settings", { doneArchives: true, timeZone: "europe/berlin", language: "en" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ readOnOpen: true, doneArchives: true, snoozeMoves: false, timeZone: "Europe/Berlin", language: "en" });
    const [row] = await db.sql`select done_archives, read_on_open, time_zone, language from users where id = ${user.user.id}`;
    expect(row).toEqual({ done_archives: true, read_on_open: true, time_zone: "Europe/Berlin", language: "en" });

    const second = await api(user.cookie).patch("/api/v1/me/settings", { readOnOpen: false });
    expect(await second.json()).toEqual({ readOnOpen: false, doneArchives: true, snoozeMoves: false, timeZone: "Europe/Berlin", language: "en" });
  });

  test("a zone that is not one, an unknown field or a wrong type is 400 and changes nothing", async () => {
    const user = await createTestUser(services);
    for (const body of [{ timeZone: "Mars/Olympus", doneArchives: true }, { theme: "dark" }, { readOnOpen: "yes" }, { language: "fr" }]) {
      const response = await api(user.cookie).patch("/api/v1/me/settings", body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const [row] = await db.sql`select done_archives, time_zone, language from users where id = ${user.user.id}`;
    expect(row).toEqual({ done_archives: false, time_zone: null, language: null });
  });
});
