/**
 * The per-token rate limit against the real database: a burst of concurrent
 * requests never gets more than the limit through (the count is one atomic
 * UPDATE), the rest answer 429 with Retry-After, and every token answer
 * carries the RateLimit headers; other tokens have their own budget.
 */
import { afterAll, expect, test } from "bun:test";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { CreatedApiToken } from "../../src/http/routes/api/v1/api-tokens.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const LIMIT = 10;
const { db, services, app } = await openTestApp({ RATE_LIMIT_TOKEN_PER_MIN: String(LIMIT), DB_POOL_MAX: "20" });
afterAll(() => db.drop());

async function newToken(user: TestUser): Promise<CreatedApiToken> {
  const response = await client(app, { cookie: user.cookie }).json("/api/v1/api-tokens", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" },
    body: JSON.stringify({ name: "Skript", scopes: ["read"] }),
  });
  return (await response.json()) as CreatedApiToken;
}

const call = (secret: string) => app.request("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });

test("of 50 concurrent requests against a limit of 10, exactly 10 get through; the rest 429 with Retry-After", async () => {
  const anna = await createTestUser(services);
  const { secret } = await newToken(anna);
  const responses = await Promise.all(Array.from({ length: 50 }, () => call(secret)));
  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status === 200).length).toBe(LIMIT);
  expect(statuses.filter((status) => status === 429).length).toBe(50 - LIMIT);

  for (const response of responses) {
    expect(response.headers.get("ratelimit-policy")).toBe(`"default";q=${LIMIT};w=60`);
    const [, remaining, reset] = /^"default";r=(\d+);t=(\d+)$/.exec(response.headers.get("ratelimit") ?? "")!.map(Number);
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
    if (response.status === 429) {
      expect(remaining).toBe(0);
      expect(Number(response.headers.get("retry-after"))).toBe(reset!);
      expect(((await response.json()) as ErrorEnvelope).error.code).toBe("RATE_LIMITED");
    }
  }
  // Each request that got through saw a different remainder: 9, 8, … 0.
  const remainders = responses.filter((response) => response.status === 200).map((response) => Number(/r=(\d+)/.exec(response.headers.get("ratelimit")!)![1]));
  expect(remainders.sort((a, b) => a - b)).toEqual(Array.from({ length: LIMIT }, (_, i) => i));

  // Another token (even of the same user) has its own budget.
  expect((await call((await newToken(anna)).secret)).status).toBe(200);
  // A new window starts after the old one ended.
  await db.sql`update api_tokens set rate_window_start = rate_window_start - interval '61 seconds' where secret_hash = sha256(convert_to(${secret}, 'UTF8'))`;
  const fresh = await call(secret);
  expect(fresh.status).toBe(200);
  expect(fresh.headers.get("ratelimit")).toBe(`"default";r=${LIMIT - 1};t=60`);
});

test("session requests carry no RateLimit headers: the limit is per token", async () => {
  const anna = await createTestUser(services);
  const response = await client(app, { cookie: anna.cookie }).json("/api/v1/me");
  expect(response.status).toBe(200);
  expect(response.headers.get("ratelimit")).toBeNull();
});
