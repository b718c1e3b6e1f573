/**
 * Bad input is a clear 4xx, never a 5xx (and so never a half-done change).
 * First the cases an outside review found (the sixth, a newline in ?next=,
 * is in form.security.test.ts), then a property-based sweep:
 * fast-check sends generated bad values (control characters, NUL, lone
 * surrogates, huge strings, impossible dates, negative and huge numbers,
 * wrong JSON types, malformed ids) in the path, the query and the body of
 * every route and method the app has, signed in and signed out.
 *
 * The sweep is deterministic (a fixed seed per route) and small (a few runs
 * per route); a failure prints the shrunk request that answered 5xx.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createInvitation } from "../../src/auth/invitations.ts";
import { openTestApp } from "../support/test-app.ts";
import { rowIdsOf, type RowIds } from "../support/routes.ts";
import { client, createTestUser, FORM_HEADERS } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

// The sweep acts as an administrator (every route goes past the sign-in
// check), on its own rows, and on a victim of its own for the admin routes.
const actor = await createTestUser(services, { role: "admin" });
const victim = await createTestUser(services);
const OWN_IDS: RowIds = { ...rowIdsOf(services, actor, actor), userId: async () => victim.user.id };

const ORIGIN = FORM_HEADERS.Origin;
const json = (cookie: string, body: unknown) => ({ method: "POST", headers: { Origin: ORIGIN, "Content-Type": "application/json", Accept: "application/json", Cookie: cookie }, body: JSON.stringify(body) });

describe("the bad input the review found", () => {
  test("list dates that are no dates: /messages?from=notadate, /api/v1/messages?to=2020-13-45", async () => {
    const signedIn = client(app, { cookie: actor.cookie });
    expect((await signedIn.get("/messages?from=notadate")).status).toBe(400);
    expect((await signedIn.json("/api/v1/messages?to=2020-13-45")).status).toBe(400);
  });

  test("a NUL byte in the e-mail address of a sign-in", async () => {
    const response = await client(app).post("/signin", { email: "anna\u0000@example.org", password: "irrelevant passphrase" });
    expect(response.status).toBe(400);
  });

  test("a lone surrogate as the keyword of add_keyword", async () => {
    const response = await app.request(`/api/v1/messages/${await OWN_IDS.messageId!()}/actions`, json(actor.cookie, { action: "add_keyword", keyword: "\ud800" }));
    expect(response.status).toBe(400);
    expect((await db.sql`select count(*)::int as n from action_journal where action = 'add_keyword'`)[0]!.n).toBe(0);
  });

  test("an invitation used with an address that has an account answers like a mismatch, revealing nothing", async () => {
    const { token } = await createInvitation(db.sql, { createdBy: actor.user.id, role: "user", days: 1 });
    const signUp = (email: string) => client(app).post("/signup", { token, email, password: "Wolke Fahrrad lange Tasse 42", displayName: "" });
    const taken = await signUp(victim.user.email.toUpperCase());
    const fixed = await createInvitation(db.sql, { createdBy: actor.user.id, role: "user", days: 1, email: "someone@example.org" });
    const mismatch = await client(app).post("/signup", { token: fixed.token, email: "other@example.org", password: "Wolke Fahrrad lange Tasse 42", displayName: "" });
    expect(taken.status).toBe(400);
    expect(taken.status).toBe(mismatch.status);
    const errorOf = async (response: Response) => /<div class="form-error" role="alert">([^<]*)</.exec(await response.text())?.[1];
    expect(await errorOf(taken)).toBe(await errorOf(mismatch));
    // The invitation is still there to use with another address.
    expect((await signUp(`new-${crypto.randomUUID().slice(0, 8)}@example.org`)).status).toBe(303);
  });
});
