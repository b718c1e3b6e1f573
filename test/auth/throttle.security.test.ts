/**
 * Brute-force protection over HTTP: growing delays per account and per
 * address, no lock-out of the real user, everything logged without the
 * password.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { addressSubject, THROTTLE_LIMITS } from "../../src/auth/throttle.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

const signIn = (email: string, password: string, address: string) => client(app, { address }).post("/signin", { email, password });

describe("sign-in throttling", () => {
  test("1,000 wrong passwords from 100 addresses never keep the right password from a fresh address out for more than a few seconds", async () => {
    const victim = await createTestUser(services);
    const logs = captureLogs("info");
    const statuses = new Map<number, number>();
    const retryAfters: number[] = [];
    try {
      for (let batch = 0; batch < 50; batch++) {
        const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(victim.user.email, `wrong guess ${batch}-${i}`, `203.0.113.${(batch * 20 + i) % 100}`)));
        for (const response of responses) {
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 429) retryAfters.push(Number(response.headers.get("retry-after")));
        }
      }
    } finally {
      logs.stop();
    }
    expect((statuses.get(400) ?? 0) + (statuses.get(429) ?? 0)).toBe(1000);
    // Most guesses were refused before any password was checked.
    expect(statuses.get(429) ?? 0).toBeGreaterThan(900);

    // The real user, from an address that never failed: at most a short wait, then in.
    let waited = 0;
    let response = await signIn(victim.user.email, victim.password, "192.0.2.200");
    while (response.status === 429) {
      const seconds = Number(response.headers.get("retry-after"));
      expect(seconds).toBeLessThanOrEqual(Math.ceil(THROTTLE_LIMITS.account.maxMs / 1000));
      waited += seconds;
      await Bun.sleep(seconds * 1000);
      response = await signIn(victim.user.email, victim.password, "192.0.2.200");
    }
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toStartWith("/signin/second-factor");
    expect(waited).toBeLessThanOrEqual(3);

    // Every failure and every delay was logged, never with the password tried.
    const entries = logs.entries();
    expect(entries.filter((entry) => entry.msg === "authentication failed")).toHaveLength(statuses.get(400)!);
    expect(entries.filter((entry) => entry.msg === "authentication delayed")).toHaveLength(statuses.get(429)!);
    expect(logs.text()).not.toContain("wrong guess");
    expect(logs.text()).not.toContain(victim.password);
  });

  test("one address guessing across accounts waits longer and longer, up to minutes", async () => {
    const address = "198.51.100.66";
    const retryAfters: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await signIn(`nobody${i}@example.org`, "not the password", address);
      expect(response.status).toBe(400);
      const blocked = await signIn(`nobody${i}@example.org`, "not the password", address);
      if (blocked.status === 429) retryAfters.push(Number(blocked.headers.get("retry-after")));
      // The guesser waits out each delay (simulated: the clock is not advanced in a test).
      await db.sql`update auth_throttle set next_attempt_at = now() where next_attempt_at > now()`;
    }
    expect(retryAfters.length).toBeGreaterThanOrEqual(15);
    expect(retryAfters).toEqual([...retryAfters].sort((a, b) => a - b));
    expect(retryAfters.at(-1)).toBe(THROTTLE_LIMITS.address.maxMs / 1000);
    // A real user elsewhere is not affected by that address.
    const user = await createTestUser(services);
    expect((await signIn(user.user.email, user.password, "192.0.2.201")).status).toBe(303);
  });

  test("unknown accounts are throttled like real ones, and answer like a wrong password", async () => {
    const responses = [];
    for (let i = 0; i < THROTTLE_LIMITS.account.free + 1; i++) responses.push(await signIn("ghost@example.org", "whatever password", `192.0.2.${50 + i}`));
    expect(responses.slice(0, THROTTLE_LIMITS.account.free).map((response) => response.status)).toEqual(Array(THROTTLE_LIMITS.account.free).fill(400));
    expect(await responses[0]!.text()).toContain("E-Mail-Adresse oder Passwort ist falsch, oder das Konto ist gesperrt.");
    expect(responses.at(-1)!.status).toBe(429);
  });

  test("a success clears the account's failures", async () => {
    const user = await createTestUser(services);
    const typos = async (count: number) => {
      const statuses = [];
      for (let i = 0; i < count; i++) statuses.push((await signIn(user.user.email, "typo typo typo", "192.0.2.77")).status);
      return statuses;
    };
    expect(await typos(THROTTLE_LIMITS.account.free - 1)).not.toContain(429);
    expect((await signIn(user.user.email, user.password, "192.0.2.77")).status).toBe(303);
    // Without the reset, these would run past the free failures and be delayed.
    expect(await typos(THROTTLE_LIMITS.account.free)).not.toContain(429);
  });

  test("the table holds HMACs, not addresses or emails", async () => {
    const rows = await db.sql`select encode(subject, 'hex') as subject from auth_throttle`;
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify([await db.sql`select * from auth_throttle`, await db.sql`select * from auth_throttle_turns`]);
    expect(dump).not.toContain("203.0.113");
    expect(dump).not.toContain("ghost@example.org");
  });
});

describe("address subjects", () => {
  test("IPv6 addresses of one /64 are one subject; IPv4 and mapped IPv4 are themselves", () => {
    expect(addressSubject("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(addressSubject("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });
});
