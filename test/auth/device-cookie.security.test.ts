/**
 * An attack on an account must not keep its owner out. An outside review
 * took every 2-second slot of the account's delay from 10 addresses within
 * milliseconds, so the real user got 22 × 429 in 41 s. A browser that has
 * signed in before has a budget of its own (a device cookie).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { issueDeviceCookie, knownDevice } from "../../src/auth/device-cookie.ts";
import { THROTTLE_LIMITS } from "../../src/auth/throttle.ts";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { deriveKey } from "../../src/crypto/hmac.ts";
import { SecretKey } from "../../src/crypto/secret-key.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

const cookieValue = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((cookie) => new RegExp(`^${name}=([^;]*)`).exec(cookie)?.[1])
    .find(Boolean);

describe("device cookies", () => {
  test("are signed for one user: another user's, a forged or a changed one is unknown", () => {
    const key = deriveKey(new SecretKey(new Uint8Array(32).fill(7)), "device-cookie");
    const value = issueDeviceCookie(key, "user-a");
    expect(knownDevice(key, "user-a", value)).toBe(value.split(".")[0]);
    expect(knownDevice(key, "user-b", value)).toBeUndefined();
    expect(knownDevice(key, "user-a", `${value}x`)).toBeUndefined();
    expect(knownDevice(key, "user-a", `AAAAAAAAAAAAAAAAAAAAAA.${value.split(".")[1]}`)).toBeUndefined();
    expect(knownDevice(key, "user-a", undefined)).toBeUndefined();
    expect(knownDevice(deriveKey(new SecretKey(new Uint8Array(32).fill(8)), "device-cookie"), "user-a", value)).toBeUndefined();
  });

  test("are given only after the second factor, HttpOnly, and outlive signing out", async () => {
    const user = await createTestUser(services);
    const password = await client(app, { address: "192.0.2.150" }).post("/signin", { email: user.user.email, password: user.password });
    expect(cookieValue(password, "mh_device")).toBeUndefined();
    const code = await client(app, { cookie: cookieFor(services, sessionTokenFrom(password, services)!), address: "192.0.2.150" }).post("/signin/second-factor", {
      code: currentTotpCode(user.totpSecret, Date.now()),
    });
    const device = code.headers.getSetCookie().find((cookie) => cookie.startsWith("mh_device="))!;
    expect(device).toMatch(/HttpOnly/);
    expect(device).toMatch(/Max-Age=15552000/);
    const signOut = await client(app, { cookie: cookieFor(services, sessionTokenFrom(code, services)!) }).post("/signout");
    expect(signOut.headers.getSetCookie().some((cookie) => cookie.startsWith("mh_device="))).toBe(false);
  });
});

/** 50 addresses that ask every 20 ms, never obeying Retry-After, until stopped (or 30 s at most, should the test fail early). */
function startAttack(email: string) {
  let attacking = true;
  const attempts = { checked: 0, refused: 0 };
  const attacker = async (i: number) => {
    const deadline = Date.now() + 30_000;
    while (attacking && Date.now() < deadline) {
      const response = await client(app, { address: `198.18.${i}.1` }).post("/signin", { email, password: `guess ${Math.random()}` });
      if (response.status === 429) attempts.refused += 1;
      else attempts.checked += 1;
      await Bun.sleep(20);
    }
  };
  const running = Promise.all(Array.from({ length: 50 }, (_, i) => attacker(i)));
  return {
    attempts,
    stop: async () => {
      attacking = false;
      await running;
    },
  };
}

describe("a sustained attack from 50 addresses", () => {
  test("never delays a known device: it signs in on the first try", async () => {
    const user = await createTestUser(services);
    // The owner signed in on this browser last week.
    const first = await client(app, { address: "192.0.2.200" }).post("/signin", { email: user.user.email, password: user.password });
    const code = await client(app, { cookie: cookieFor(services, sessionTokenFrom(first, services)!), address: "192.0.2.200" }).post("/signin/second-factor", {
      code: currentTotpCode(user.totpSecret, Date.now() - 30_000),
    });
    const device = `mh_device=${cookieValue(code, "mh_device")}`;

    const attack = startAttack(user.user.email);
    try {
      await Bun.sleep(2_000);
      // The known device, from where it happens to be today: in on the first try.
      const known = await app.request("/signin", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:3000", Accept: "text/html", "X-Forwarded-For": "192.0.2.201", Cookie: device },
        body: new URLSearchParams({ email: user.user.email, password: user.password }).toString(),
      });
      expect(known.status).toBe(303);
    } finally {
      await attack.stop();
    }
    expect(attack.attempts.refused).toBeGreaterThan(100); // the attack was real and throttled
  }, 60_000);

  test("lets a new device that obeys Retry-After in within three tries: the account's slots go to unknown clients in turn", async () => {
    const user = await createTestUser(services);
    const attack = startAttack(user.user.email);
    const tries: number[] = [];
    try {
      await Bun.sleep(2_000);
      for (let attempt = 0; attempt < 10; attempt++) {
        const response = await client(app, { address: "192.0.2.202" }).post("/signin", { email: user.user.email, password: user.password });
        tries.push(response.status);
        if (response.status !== 429) break;
        await Bun.sleep(Number(response.headers.get("retry-after")) * 1000);
      }
    } finally {
      await attack.stop();
    }
    expect(tries.at(-1)).toBe(303);
    expect(tries.length).toBeLessThanOrEqual(3);
    expect(attack.attempts.refused).toBeGreaterThan(100);
    // The account's delay held: at most one checked guess per slot of its maximum delay, plus the free ones.
    expect(attack.attempts.checked).toBeLessThanOrEqual(THROTTLE_LIMITS.account.free + 20);
  }, 60_000);
});
