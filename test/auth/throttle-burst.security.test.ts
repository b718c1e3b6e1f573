/**
 * Concurrent attempts: the throttle counts an attempt when it is claimed,
 * under a row lock, so a burst of simultaneous guesses gets exactly the free
 * attempts through (an outside review had 300 wrong passwords from 300
 * addresses, 100 from one address and 1,000 TOTP codes all checked).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { THROTTLE_LIMITS } from "../../src/auth/throttle.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

/**
 * Attempts the schedule allows during a burst that took `elapsedMs`: the free ones, plus one per
 * delay that ran out meanwhile (base, 2 × base, 4 × base…). A slow machine stretches a burst; a
 * leak would let hundreds through.
 */
function allowedDuring(elapsedMs: number, limit: { free: number; baseMs: number }): number {
  let extra = 0;
  for (let waited = limit.baseMs; waited <= elapsedMs; waited += limit.baseMs * 2 ** (extra + 1)) extra += 1;
  return limit.free + extra;
}

async function burst(count: number, send: (i: number) => Response | Promise<Response>) {
  const started = Date.now();
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  return { counts: tally(responses), elapsedMs: Date.now() - started };
}

const tally = (responses: Response[]) => {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
};

describe("a burst of simultaneous attempts", () => {
  test("300 wrong passwords from 300 addresses: only the account's free attempts are checked", async () => {
    const victim = await createTestUser(services);
    const { counts, elapsedMs } = await burst(300, (i) => client(app, { address: `203.0.${i >> 8}.${i & 255}` }).post("/signin", { email: victim.user.email, password: `guess ${i}` }));
    expect(counts[400]).toBeGreaterThanOrEqual(THROTTLE_LIMITS.account.free);
    expect(counts[400]).toBeLessThanOrEqual(allowedDuring(elapsedMs, THROTTLE_LIMITS.account));
    expect(counts[400]! + counts[429]!).toBe(300);
  });

  test("100 wrong passwords from one address across 100 accounts: only the address's free attempts are checked", async () => {
    const { counts, elapsedMs } = await burst(100, (i) => client(app, { address: "198.51.100.99" }).post("/signin", { email: `nobody${i}@example.org`, password: `guess ${i}` }));
    expect(counts[400]).toBeGreaterThanOrEqual(THROTTLE_LIMITS.address.free);
    expect(counts[400]).toBeLessThanOrEqual(allowedDuring(elapsedMs, THROTTLE_LIMITS.address));
    expect(counts[400]! + counts[429]!).toBe(100);
  });

  test("1,000 codes on one half-signed-in session: a handful are checked, then the session ends and the password is asked again", async () => {
    const user = await createTestUser(services);
    const signedIn = await client(app, { address: "192.0.2.10" }).post("/signin", { email: user.user.email, password: user.password });
    const token = sessionTokenFrom(signedIn, services)!;
    const half = client(app, { cookie: cookieFor(services, token), address: "192.0.2.10" });
    const { counts } = await burst(1000, (i) => half.post("/signin/second-factor", { code: String(i).padStart(6, "0") }));
    expect(counts[400]).toBe(THROTTLE_LIMITS.session.free);
    expect(counts[400]! + (counts[429] ?? 0) + (counts[303] ?? 0)).toBe(1000); // 303: the session had already ended (sent to sign in)

    // The session is over: even the right code is not taken on it.
    const [left] = await db.sql`select count(*)::int as n from sessions where user_id = ${user.user.id} and stage <> 'full'`;
    expect(left!.n).toBe(0);
    const again = await half.post("/signin/second-factor", { code: "123456" });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toStartWith("/signin");
  });

  test("a half-signed-in session that used its codes answers with the sign-in page, in the user's language", async () => {
    const user = await createTestUser(services);
    const signedIn = await client(app, { address: "192.0.2.11" }).post("/signin", { email: user.user.email, password: user.password });
    const half = client(app, { cookie: cookieFor(services, sessionTokenFrom(signedIn, services)!), address: "192.0.2.11" });
    for (let i = 0; i < THROTTLE_LIMITS.session.free; i++) expect((await half.post("/signin/second-factor", { code: "000000" })).status).toBe(400);
    const over = await half.post("/signin/second-factor", { code: "000000" }, { "Accept-Language": "de" });
    expect(over.status).toBe(429);
    expect(await over.text()).toContain("Zu viele falsche Codes");
    expect(over.headers.get("set-cookie") ?? "").toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });
});
