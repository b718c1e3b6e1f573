/** Account creation over HTTP: the first administrator, invitations, and their limits. */
import { afterAll, describe, expect, test } from "bun:test";
import { createInvitation } from "../../src/auth/invitations.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

const signUp = (form: Record<string, string>, address = "192.0.2.1") => client(app, { address }).post("/signup", form);

describe("the first account", () => {
  test("two simultaneous first sign-ups make exactly one administrator", async () => {
    const [first, second] = await Promise.all([
      signUp({ email: "first@example.org", password: "Erster Versuch Gartenzaun 1" }),
      signUp({ email: "second@example.org", password: "Zweiter Versuch Gartenzaun 2" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([303, 403]);
    const users = await db.sql`select email, role from users`;
    expect(users).toHaveLength(1);
    expect(users[0]!.role).toBe("admin");
    expect((first.status === 303 ? first : second).headers.get("location")).toBe("/setup/second-factor");
  });

  test("after it, sign-up without an invitation is closed", async () => {
    const page = await client(app).get("/signup");
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("Konten werden auf Einladung angelegt");
    expect((await signUp({ email: "third@example.org", password: "Dritter Versuch Gartenzaun 3" })).status).toBe(403);
  });
});

describe("invitations", () => {
  const admin = async () => (await db.sql`select id from users where role = 'admin' limit 1`)[0]!.id as string;

  test("work once, give their role, and lead to the second-factor set-up", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: await admin(), role: "user", days: 7 });
    const form = await client(app).get(`/signup?token=${token}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`name="token" value="${token}"`);
    const response = await signUp({ token, email: "Invited@Example.org", password: "Eingeladen Sonnenblume 44", displayName: "Ina" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/setup/second-factor");
    expect(sessionTokenFrom(response, services)).toBeTruthy();
    const [user] = await db.sql`select email, role, display_name from users where email = 'invited@example.org'`;
    expect(user).toEqual({ email: "invited@example.org", role: "user", display_name: "Ina" });
    const again = await signUp({ token, email: "someone@example.org", password: "Noch Einmal Sonnenblume 45" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("nicht mehr gültig");
    expect((await client(app).get(`/signup?token=${token}`)).status).toBe(404);
  });

  test("one for a fixed email address refuses another address", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: await admin(), role: "user", days: 7, email: "only@example.org" });
    expect(await (await client(app).get(`/signup?token=${token}`)).text()).toContain('value="only@example.org"');
    expect((await signUp({ token, email: "other@example.org", password: "Falsche Adresse Sonnenblume 1" })).status).toBe(400);
    expect((await signUp({ token, email: "ONLY@example.org", password: "Richtige Adresse Sonnenblume 2" })).status).toBe(303);
  });

  test("expired and revoked ones do not work", async () => {
    const expired = await createInvitation(db.sql, { createdBy: await admin(), role: "user", days: 1 });
    await db.sql`update invitations set expires_at = now() - interval '1 second' where id = ${expired.invitation.id}`;
    const revoked = await createInvitation(db.sql, { createdBy: await admin(), role: "user", days: 1 });
    await db.sql`update invitations set revoked_at = now() where id = ${revoked.invitation.id}`;
    for (const { token } of [expired, revoked]) {
      expect((await signUp({ token, email: `x${token.slice(0, 4)}@example.org`, password: "Abgelaufen Sonnenblume 77" })).status).toBe(400);
    }
  });

  test("a weak password is refused with the reason and the invitation stays usable", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: await admin(), role: "admin", days: 1 });
    const weak = await client(app, { address: "192.0.2.9" }).post("/signup", { token, email: "weak@example.org", password: "password1234" }, { "Accept-Language": "en" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("This password is too common");
    const short = await signUp({ token, email: "weak@example.org", password: "kurz" });
    expect(await short.text()).toContain("mindestens 12 Zeichen");
    const ok = await signUp({ token, email: "weak@example.org", password: "Jetzt Aber Richtig Lang 5" });
    expect(ok.status).toBe(303);
    expect((await db.sql`select role from users where email = 'weak@example.org'`)[0]!.role).toBe("admin");
  });

  test("guessing invitation tokens is throttled per address", async () => {
    const statuses = [];
    for (let i = 0; i < 14; i++) statuses.push((await signUp({ token: `guess-${i}`, email: "g@example.org", password: "Geraten Sonnenblume 99" }, "198.51.100.200")).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses).toContain(429);
  });

  test("a 128-character passphrase with umlauts is accepted and works for signing in", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: await admin(), role: "user", days: 1 });
    const password = "Größere Wörter über Äpfel ".repeat(5).slice(0, 128);
    expect([...password]).toHaveLength(128);
    expect((await signUp({ token, email: "lang@example.org", password })).status).toBe(303);
    const signIn = await client(app, { address: "192.0.2.33" }).post("/signin", { email: "lang@example.org", password: password.normalize("NFD") });
    expect(signIn.status).toBe(303);
  });
});
