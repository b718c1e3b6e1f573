/** Signing in over HTTP against the real database: hashes, session ids, second factor, session end. */
import { afterAll, describe, expect, test } from "bun:test";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { createApp } from "../../src/http/app.tsx";
import { testServices } from "../support/services.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

/** Password step over HTTP; returns the (partial) session token. */
async function passwordStep(user: TestUser, address = "198.51.100.7"): Promise<string> {
  const response = await client(app, { address }).post("/signin", { email: user.user.email, password: user.password });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toStartWith("/signin/second-factor");
  return sessionTokenFrom(response, services)!;
}

async function codeStep(token: string, code: string) {
  return client(app, { cookie: cookieFor(services, token), address: "198.51.100.7" }).post("/signin/second-factor", { code });
}

/** Codes of distinct 30-second steps that are all valid now (previous, current, next). */
function codesAroundNow(secret: string): string[] {
  const now = Date.now();
  return [now - 30_000, now, now + 30_000].map((at) => currentTotpCode(secret, at));
}

describe("passwords", () => {
  test("are stored as argon2id with m = 19 MiB, t = 2, p = 1, never in clear", async () => {
    const user = await createTestUser(services);
    const [row] = await db.sql`select password_hash from users where id = ${user.user.id}`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(row!.password_hash).not.toContain(user.password);
  });
});

describe("sessions", () => {
  test("a new session id at the password step and another at the second factor; the partial one dies", async () => {
    const user = await createTestUser(services);
    const planted = "attacker-chosen-session-token-value-0123456789";
    const response = await client(app, { cookie: cookieFor(services, planted) }).post("/signin", { email: user.user.email, password: user.password });
    const partial = sessionTokenFrom(response, services)!;
    expect(partial).toBeTruthy();
    expect(partial).not.toBe(planted);

    // Half signed in: the API refuses, pages send it to the second factor.
    expect((await client(app, { cookie: cookieFor(services, partial) }).json("/api/v1/me")).status).toBe(401);
    expect((await client(app, { cookie: cookieFor(services, partial) }).get("/account/security")).headers.get("location")).toBe("/signin/second-factor");

    const full = await codeStep(partial, currentTotpCode(user.totpSecret, Date.now()));
    expect(full.status).toBe(303);
    const fullToken = sessionTokenFrom(full, services)!;
    expect(fullToken).not.toBe(partial);
    expect((await client(app, { cookie: cookieFor(services, fullToken) }).json("/api/v1/me")).status).toBe(200);
    expect((await client(app, { cookie: cookieFor(services, partial) }).json("/api/v1/me")).status).toBe(401);
  });

  test("the cookie is HttpOnly and SameSite=Lax; __Host- and Secure when served over TLS", async () => {
    const user = await createTestUser(services);
    const plain = (await client(app).post("/signin", { email: user.user.email, password: user.password })).headers.getSetCookie()[0]!;
    expect(plain).toMatch(/^mh_session=[^;]+;.*HttpOnly/);
    expect(plain).toContain("SameSite=Lax");
    const tlsApp = createApp(testServices(db, { PUBLIC_URL: "https://mail.example.org" }));
    const secure = (
      await tlsApp.request("https://mail.example.org/signin", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.example.org", Accept: "text/html" },
        body: new URLSearchParams({ email: user.user.email, password: user.password }).toString(),
      })
    ).headers.getSetCookie()[0]!;
    expect(secure).toMatch(/^__Host-mh_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  test("the cookie ends with the browser unless the user chose to stay signed in, through the second factor", async () => {
    const user = await createTestUser(services);
    const cookieAfterCode = async (form: Record<string, string>) => {
      const signedIn = await client(app, { address: "198.51.100.60" }).post("/signin", { email: user.user.email, password: user.password, ...form });
      const partial = signedIn.headers.getSetCookie()[0]!;
      const code = currentTotpCode(user.totpSecret, Date.now() + (form.remember ? 30_000 : 0)); // two sign-ins, two distinct codes
      const full = await codeStep(sessionTokenFrom(signedIn, services)!, code);
      expect(full.status).toBe(303);
      return { partial, full: full.headers.getSetCookie()[0]! };
    };
    const session = await cookieAfterCode({});
    expect(session.partial).not.toContain("Max-Age");
    expect(session.full).not.toContain("Max-Age");
    const remembered = await cookieAfterCode({ remember: "on" });
    expect(remembered.partial).toContain(`Max-Age=${services.config.SESSION_ABSOLUTE_TIMEOUT_H * 3600}`);
    expect(remembered.full).toContain(`Max-Age=${services.config.SESSION_ABSOLUTE_TIMEOUT_H * 3600}`);
  });

  test("an idle session and an absolutely expired session are refused and deleted", async () => {
    const user = await createTestUser(services);
    const other = await createTestUser(services);
    await db.sql`update sessions set last_seen_at = now() - make_interval(mins => ${services.config.SESSION_IDLE_TIMEOUT_MIN + 1}) where user_id = ${user.user.id}`;
    await db.sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${other.user.id}`;
    for (const { cookie, user: owner } of [user, other]) {
      const response = await client(app, { cookie }).json("/api/v1/me");
      expect(response.status).toBe(401);
      expect(await db.sql`select 1 from sessions where user_id = ${owner.id}`).toHaveLength(0);
    }
  });

  test("a session ended by signing out, or from another device, cannot be used again", async () => {
    const user = await createTestUser(services);
    expect((await client(app, { cookie: user.cookie }).post("/signout")).status).toBe(303);
    expect((await client(app, { cookie: user.cookie }).json("/api/v1/me")).status).toBe(401);

    const second = await createTestUser(services);
    const other = await passwordStep(second);
    const otherFull = sessionTokenFrom(await codeStep(other, currentTotpCode(second.totpSecret, Date.now())), services)!;
    const sessions = (await (await client(app, { cookie: second.cookie }).json("/api/v1/sessions")).json()) as { sessions: { id: string; current: boolean }[] };
    const target = sessions.sessions.find((session) => !session.current)!;
    const ended = await client(app, { cookie: second.cookie }).json(`/api/v1/sessions/${target.id}`, { method: "DELETE", headers: { Origin: "http://127.0.0.1:3000" } });
    expect(ended.status).toBe(204);
    expect((await client(app, { cookie: cookieFor(services, otherFull) }).json("/api/v1/me")).status).toBe(401);
  });

  test("a disabled user's sessions stop working at once", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const user = await createTestUser(services);
    const response = await client(app, { cookie: admin.cookie }).post(`/admin/users/${user.user.id}/disable`);
    expect(response.status).toBe(303);
    expect((await client(app, { cookie: user.cookie }).json("/api/v1/me")).status).toBe(401);
    const again = await client(app).post("/signin", { email: user.user.email, password: user.password });
    expect(again.status).toBe(400); // as for a wrong password (see "disabled accounts" below)
    expect(again.headers.get("set-cookie")).toBeNull();
  });
});

describe("second factor", () => {
  test("a TOTP code is accepted once; its reuse (and an older code) fails", async () => {
    const user = await createTestUser(services);
    const [previous, current] = codesAroundNow(user.totpSecret);
    expect((await codeStep(await passwordStep(user), current!)).status).toBe(303);
    const replay = await codeStep(await passwordStep(user), current!);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("bereits verwendet");
    expect((await codeStep(await passwordStep(user), previous!)).status).toBe(400);
  });

  test("the same code sent twice at once is accepted only once", async () => {
    const user = await createTestUser(services);
    const [first, second] = [await passwordStep(user), await passwordStep(user)];
    const code = currentTotpCode(user.totpSecret, Date.now());
    const statuses = (await Promise.all([codeStep(first, code), codeStep(second, code)])).map((response) => response.status).sort();
    expect(statuses).toEqual([303, 400]);
  });

  test("each recovery code works once", async () => {
    const user = await createTestUser(services);
    const regenerated = await client(app, { cookie: user.cookie }).post("/account/recovery-codes");
    const codes = [...(await regenerated.text()).matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/g)].map((match) => match[1]!);
    expect(codes).toHaveLength(10);
    const [code] = codes;
    expect((await codeStep(await passwordStep(user), code!.toLowerCase().replaceAll("-", " "))).status).toBe(303);
    expect((await codeStep(await passwordStep(user), code!)).status).toBe(400);
    const [row] = await db.sql`select count(*)::int as n from recovery_codes where user_id = ${user.user.id} and used_at is null`;
    expect(row!.n).toBe(9);
    const stored = await db.sql`select code_hash from recovery_codes where user_id = ${user.user.id}`;
    expect(JSON.stringify(stored)).not.toContain(code!.replaceAll("-", ""));
  });

  test("a user without a second factor must set one up before anything else", async () => {
    const user = await createTestUser(services);
    await db.sql`update users set totp_enabled_at = null, totp_secret_encrypted = null where id = ${user.user.id}`;
    const response = await client(app).post("/signin", { email: user.user.email, password: user.password });
    expect(response.headers.get("location")).toBe("/setup/second-factor");
    const token = sessionTokenFrom(response, services)!;
    expect((await client(app, { cookie: cookieFor(services, token) }).get("/account/sessions")).headers.get("location")).toBe("/setup/second-factor");
    const setup = await (await client(app, { cookie: cookieFor(services, token) }).get("/setup/second-factor")).text();
    expect(setup).toContain("<svg");
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup)![1]!.replaceAll(" ", "");
    const confirmed = await client(app, { cookie: cookieFor(services, token) }).post("/setup/second-factor", { code: currentTotpCode(secret, Date.now()) });
    expect(confirmed.status).toBe(200);
    expect([...(await confirmed.text()).matchAll(/<li><code>/g)]).toHaveLength(10);
    const fullToken = sessionTokenFrom(confirmed, services)!;
    expect(fullToken).not.toBe(token);
    expect((await client(app, { cookie: cookieFor(services, fullToken) }).json("/api/v1/me")).status).toBe(200);
  });
});

describe("half-signed-in sessions", () => {
  test("expire after minutes, not hours", async () => {
    const user = await createTestUser(services);
    const response = await client(app).post("/signin", { email: user.user.email, password: user.password });
    const token = sessionTokenFrom(response, services)!;
    const [row] = await db.sql`select extract(epoch from expires_at - created_at)::int as seconds from sessions where stage = 'second_factor' and user_id = ${user.user.id}`;
    expect(row!.seconds).toBeLessThanOrEqual(15 * 60 + 1);
    expect(token).toBeTruthy();
  });
});

describe("disabled accounts", () => {
  test("answer the right password exactly like a wrong one (no password oracle), and the attempt stays counted", async () => {
    const user = await createTestUser(services);
    await db.sql`update users set status = 'disabled' where id = ${user.user.id}`;
    const attempt = (password: string) => client(app, { address: "198.51.100.44" }).post("/signin", { email: user.user.email, password });
    const right = await attempt(user.password);
    const wrong = await attempt("not the password at all");
    expect(right.status).toBe(wrong.status);
    const errorOf = async (response: Response) => /class="form-error"[^>]*>([^<]*)</.exec(await response.text())?.[1];
    expect(await errorOf(right)).toBe(await errorOf(wrong));
    expect(right.headers.get("set-cookie")).toBeNull();
    const [counted] = await db.sql`select max(failures)::int as failures from auth_throttle where scope = 'signin'`;
    expect(counted!.failures).toBeGreaterThanOrEqual(2);
  });
});
