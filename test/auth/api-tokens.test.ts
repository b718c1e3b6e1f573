/**
 * Personal API tokens end to end, in-process against the real database:
 * created, listed and revoked through the account page and the JSON API
 * (only with a session), shown once and stored hashed; bearer auth on
 * /api/v1 only, the token alone when a cookie comes too; revoked, expired
 * and disabled users' tokens answer 401 at once; scopes; another user's ids
 * 404; strict key mode; secrets never in logs.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { API_TOKEN_PAGE_SIZE, MAX_API_TOKENS_PER_USER } from "../../src/auth/api-tokens.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { ApiTokenList, CreatedApiToken } from "../../src/http/routes/api/v1/api-tokens.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, FORM_HEADERS, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const JSON_HEADERS = { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" };

/** Creates a token through the API with the user's session. */
async function newToken(user: TestUser, scopes: string[], extra: Record<string, unknown> = {}): Promise<CreatedApiToken> {
  const response = await client(app, { cookie: user.cookie }).json("/api/v1/api-tokens", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ name: "Skript", scopes, ...extra }) });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedApiToken;
}

/** A request with the token only (no cookie, no Origin: a program, not a browser). */
function withToken(secret: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return app.request(path, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${secret}`, Accept: "application/json", ...(init.body === undefined ? {} : { "Content-Type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function errorOf(response: Response) {
  return ((await response.json()) as ErrorEnvelope).error;
}

describe("the token lifecycle through the API", () => {
  test("created with the secret shown once, stored hashed, listed without it, revoked with effect at once, audited", async () => {
    const anna = await createTestUser(services);
    const created = await newToken(anna, ["read", "change"], { expiresInDays: 30 });
    expect(created.secret).toMatch(/^mh_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.secret.startsWith(`${created.token.prefix}_`)).toBe(true);
    expect(created.token).toMatchObject({ name: "Skript", scopes: ["read", "change"], lastUsedAt: null });
    const days = (new Date(created.token.expiresAt!).getTime() - new Date(created.token.createdAt).getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);

    // Only the hash is stored: nothing in the row holds the secret or its random part.
    const [row] = await db.sql<{ text: string }[]>`select row_to_json(t)::text as text from api_tokens t where id = ${created.token.id}`;
    expect(row!.text).not.toContain(created.secret.slice(12));

    const me = await withToken(created.secret, "/api/v1/me");
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(anna.user.email);
    expect(me.headers.get("cache-control")).toBe("no-store");

    const listed = await client(app, { cookie: anna.cookie }).json("/api/v1/api-tokens");
    const text = await listed.text();
    expect(text).not.toContain(created.secret.slice(12));
    const list = JSON.parse(text) as ApiTokenList;
    expect(list.tokens.map((token) => token.id)).toEqual([created.token.id]);
    expect(list.tokens[0]!.lastUsedAt).not.toBeNull();

    const revoked = await client(app, { cookie: anna.cookie }).json(`/api/v1/api-tokens/${created.token.id}`, { method: "DELETE", headers: JSON_HEADERS });
    expect(revoked.status).toBe(204);
    const after = await withToken(created.secret, "/api/v1/me");
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect((await errorOf(after)).code).toBe("UNAUTHORIZED");

    const events = await db.sql<{ event: string }[]>`select event from audit_events where actor_id = ${anna.user.id} order by id`;
    expect(events.map((event) => event.event)).toEqual(["api_token.created", "api_token.revoked"]);
  });

  test("a token cannot list, create or revoke tokens, nor see or end sessions", async () => {
    const anna = await createTestUser(services);
    const { token, secret } = await newToken(anna, ["read", "change", "send", "rules"]);
    for (const [method, path] of [
      ["GET", "/api/v1/api-tokens"],
      ["POST", "/api/v1/api-tokens"],
      ["DELETE", `/api/v1/api-tokens/${token.id}`],
      ["GET", "/api/v1/sessions"],
    ] as const) {
      const response = await withToken(secret, path, { method, body: method === "POST" ? { name: "mehr", scopes: ["read"] } : undefined });
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("FORBIDDEN");
    }
    expect((await db.sql`select 1 from api_tokens where user_id = ${anna.user.id}`).length).toBe(1);
  });

  test("bad input answers 400; the admin scope is for administrators; another user's token id 404", async () => {
    const anna = await createTestUser(services);
    const api = client(app, { cookie: anna.cookie }).json;
    for (const body of [
      { name: "", scopes: ["read"] },
      { name: "x", scopes: [] },
      { name: "x", scopes: ["everything"] },
      { name: "x", scopes: ["read"], expiresInDays: 7 },
      { name: "x".repeat(101), scopes: ["read"] },
    ]) {
      expect((await api("/api/v1/api-tokens", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) })).status).toBe(400);
    }
    expect((await api("/api/v1/api-tokens", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ name: "x", scopes: ["admin"] }) })).status).toBe(403);
    expect((await api("/api/v1/api-tokens?after=nonsense")).status).toBe(400);

    const admin = await createTestUser(services, { role: "admin" });
    const adminToken = await newToken(admin, ["read", "admin"], { expiresInDays: null });
    expect(adminToken.token.expiresAt).toBeNull();

    const mallory = await createTestUser(services);
    expect((await client(app, { cookie: mallory.cookie }).json(`/api/v1/api-tokens/${adminToken.token.id}`, { method: "DELETE", headers: JSON_HEADERS })).status).toBe(404);
    expect((await client(app, { cookie: mallory.cookie }).post(`/account/api-tokens/${adminToken.token.id}/revoke`)).status).toBe(404);
    expect((await withToken(adminToken.secret, "/api/v1/me")).status).toBe(200);
  });

  test("the list is keyset-paged, newest first; at most MAX_API_TOKENS_PER_USER per user", async () => {
    const anna = await createTestUser(services);
    await db.sql`
      insert into api_tokens (user_id, name, scopes, prefix, secret_hash, created_at)
      select ${anna.user.id}, 'Token ' || n, array['read'], 'mh_0000000' || (n % 10), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), now() - make_interval(mins => n)
      from generate_series(1, ${MAX_API_TOKENS_PER_USER - 1}) n`;
    const api = client(app, { cookie: anna.cookie }).json;
    const first = (await (await api("/api/v1/api-tokens")).json()) as ApiTokenList;
    expect(first.tokens.length).toBe(API_TOKEN_PAGE_SIZE);
    expect(first.tokens[0]!.name).toBe("Token 1");
    expect(first.previous).toBeNull();
    const second = (await (await api(`/api/v1/api-tokens?after=${encodeURIComponent(first.next!)}`)).json()) as ApiTokenList;
    expect(second.tokens.map((token) => token.name)).toEqual(Array.from({ length: MAX_API_TOKENS_PER_USER - 1 - API_TOKEN_PAGE_SIZE }, (_, i) => `Token ${API_TOKEN_PAGE_SIZE + i + 1}`));
    expect(second.next).toBeNull();
    const back = (await (await api(`/api/v1/api-tokens?before=${encodeURIComponent(second.previous!)}`)).json()) as ApiTokenList;
    expect(back.tokens.map((token) => token.id)).toEqual(first.tokens.map((token) => token.id));

    await newToken(anna, ["read"]);
    const over = await api("/api/v1/api-tokens", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ name: "zu viel", scopes: ["read"] }) });
    expect(over.status).toBe(409);
    expect((await db.sql`select 1 from api_tokens where user_id = ${anna.user.id}`).length).toBe(MAX_API_TOKENS_PER_USER);
  });
});

describe("the token lifecycle through the account page", () => {
  test("the form creates a token shown once (German), the list shows its prefix, revoke ends it at once", async () => {
    const anna = await createTestUser(services);
    const browser = client(app, { cookie: `${anna.cookie}; lang=de` });
    const page = await browser.get("/account/api-tokens");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("API-Tokens");
    expect(html).toContain('name="scope_read"');
    // Only administrators are offered the admin scope.
    expect(html).not.toContain('name="scope_admin"');

    const refused = await browser.post("/account/api-tokens", { name: "", scope_read: "on", expiry: "90" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Bitte geben Sie einen Namen");
    expect((await browser.post("/account/api-tokens", { name: "Skript", expiry: "90" })).status).toBe(400);
    expect((await browser.post("/account/api-tokens", { name: "Skript", scope_read: "on", expiry: "7" })).status).toBe(400);

    const created = await browser.post("/account/api-tokens", { name: "Sicherung", scope_read: "on", scope_rules: "on", expiry: "365" });
    expect(created.status).toBe(200);
    const createdHtml = await created.text();
    const secret = /value="(mh_[^"]+)"/.exec(createdHtml)?.[1];
    expect(secret).toBeDefined();
    expect(createdHtml).toContain("nur dieses eine Mal");
    const [row] = await db.sql<{ scopes: string[]; days: number }[]>`
      select scopes, round(extract(epoch from expires_at - created_at) / 86400)::int as days from api_tokens where user_id = ${anna.user.id}`;
    expect(row).toEqual({ scopes: ["read", "rules"], days: 365 });

    expect((await withToken(secret!, "/api/v1/me")).status).toBe(200);
    const again = await (await browser.get("/account/api-tokens")).text();
    expect(again).not.toContain(secret!);
    expect(again).toContain(secret!.slice(0, 11));

    const tokenId = /\/account\/api-tokens\/([0-9a-f-]{36})\/revoke/.exec(again)![1]!;
    const revoked = await browser.post(`/account/api-tokens/${tokenId}/revoke`);
    expect(revoked.status).toBe(303);
    expect(await (await browser.get(revoked.headers.get("location")!)).text()).toContain("Token widerrufen.");
    expect((await withToken(secret!, "/api/v1/me")).status).toBe(401);
  });

  test("signed out, the page sends the browser to sign in; a cross-site form post is refused", async () => {
    expect((await client(app).get("/account/api-tokens")).status).toBe(303);
    const anna = await createTestUser(services);
    const crossSite = await client(app, { cookie: anna.cookie }).post("/account/api-tokens", { name: "x", scope_read: "on", expiry: "90" }, { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await db.sql`select 1 from api_tokens where user_id = ${anna.user.id}`).length).toBe(0);
  });
});

describe("bearer authentication", () => {
  test("wrong, malformed, expired tokens and those of disabled users answer 401 with invalid_token", async () => {
    const anna = await createTestUser(services);
    const { token, secret } = await newToken(anna, ["read"]);
    for (const wrong of [`${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, "mh_nonsense", "abc", secret.toUpperCase()]) {
      const response = await withToken(wrong, "/api/v1/me");
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }

    await db.sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${token.id}`;
    expect((await withToken(secret, "/api/v1/me")).status).toBe(401);
    await db.sql`update api_tokens set expires_at = now() + interval '1 day' where id = ${token.id}`;
    expect((await withToken(secret, "/api/v1/me")).status).toBe(200);

    await db.sql`update users set status = 'disabled' where id = ${anna.user.id}`;
    expect((await withToken(secret, "/api/v1/me")).status).toBe(401);
  });

  test("pages ignore the header; with a cookie too, the token alone counts (a bad token is 401 even beside a good cookie)", async () => {
    const anna = await createTestUser(services);
    const bert = await createTestUser(services);
    const { secret } = await newToken(bert, ["read"]);

    const page = await app.request("/account/api-tokens", { headers: { Authorization: `Bearer ${secret}`, Accept: "text/html" } });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toStartWith("/signin");

    const both = await withToken(secret, "/api/v1/me", { headers: { Cookie: anna.cookie } });
    expect(((await both.json()) as { email: string }).email).toBe(bert.user.email);
    expect((await withToken("mh_wrong", "/api/v1/me", { headers: { Cookie: anna.cookie } })).status).toBe(401);
    // The token cannot reach what only a session may do, whatever cookie comes along.
    expect((await withToken(secret, "/api/v1/api-tokens", { headers: { Cookie: anna.cookie } })).status).toBe(403);
  });

  test("no CSRF check for a token: a program may post with any Origin, since nothing ambient authenticates it", async () => {
    const anna = await createTestUser(services);
    const { secret } = await newToken(anna, ["read", "change"]);
    const response = await withToken(secret, "/api/v1/tags", { method: "POST", body: { name: "Rechnungen" }, headers: { Origin: "https://elsewhere.example" } });
    expect(response.status).toBe(201);
  });
});

describe("scopes", () => {
  test("read may GET but not change: 403 FORBIDDEN naming the scope; change may", async () => {
    const anna = await createTestUser(services);
    const reader = await newToken(anna, ["read"]);
    expect((await withToken(reader.secret, "/api/v1/tags")).status).toBe(200);
    const refused = await withToken(reader.secret, "/api/v1/tags", { method: "POST", body: { name: "Reisen" } });
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain('"change"');
    expect(refused.headers.get("ratelimit")).toMatch(/^"default";r=\d+;t=\d+$/);
    expect((await db.sql`select 1 from tags where user_id = ${anna.user.id}`).length).toBe(0);

    const changer = await newToken(anna, ["change"]);
    expect((await withToken(changer.secret, "/api/v1/tags", { method: "POST", body: { name: "Reisen" } })).status).toBe(201);
    expect((await withToken(changer.secret, "/api/v1/tags")).status).toBe(403);
  });

  test("rules need `rules`; admin needs `admin` and a user who still is an administrator", async () => {
    const anna = await createTestUser(services);
    const reader = await newToken(anna, ["read", "change"]);
    expect((await errorOf(await withToken(reader.secret, "/api/v1/rules"))).message).toContain('"rules"');
    const ruler = await newToken(anna, ["rules"]);
    expect((await withToken(ruler.secret, "/api/v1/rules")).status).toBe(200);

    const admin = await createTestUser(services, { role: "admin" });
    const adminToken = await newToken(admin, ["read", "admin"]);
    // Whatever the admin API answers (it may not exist yet: 404), it is past the scope check, not 403.
    expect((await withToken(adminToken.secret, "/api/v1/admin/users")).status).not.toBe(403);
    expect((await withToken((await newToken(admin, ["read"])).secret, "/api/v1/admin/users")).status).toBe(403);
    await db.sql`update users set role = 'user' where id = ${admin.user.id}`;
    expect((await withToken(adminToken.secret, "/api/v1/admin/users")).status).toBe(404);
  });

  test("another user's ids answer 404 with a token exactly as with a session", async () => {
    const anna = await createTestUser(services);
    const mallory = await createTestUser(services);
    const created = await client(app, { cookie: anna.cookie }).json("/api/v1/tags", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ name: "Privat" }) });
    const tag = (await created.json()) as { id: string };
    const { secret } = await newToken(mallory, ["read", "change"]);
    const bySession = await client(app, { cookie: mallory.cookie }).json(`/api/v1/tags/${tag.id}`, { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ name: "Meins" }) });
    const byToken = await withToken(secret, `/api/v1/tags/${tag.id}`, { method: "PATCH", body: { name: "Meins" } });
    expect(bySession.status).toBe(404);
    expect(byToken.status).toBe(404);
    expect((await errorOf(byToken)).message).toBe((await errorOf(bySession)).message);
  });
});

describe("the data key", () => {
  test("background mode: a token opens the user's data like a background job does", async () => {
    const anna = await createTestUser(services);
    const { secret } = await newToken(anna, ["read", "change"]);
    await db.sql`delete from sessions where user_id = ${anna.user.id}`;
    expect((await withToken(secret, "/api/v1/tags", { method: "POST", body: { name: "Belege" } })).status).toBe(201);
    const listed = (await (await withToken(secret, "/api/v1/tags")).json()) as { tags: { name: string }[] };
    expect(listed.tags.map((tag) => tag.name)).toEqual(["Belege"]);
  });

  test("strict mode: the token works only while the user is signed in somewhere; otherwise 409 DATA_KEY_UNAVAILABLE", async () => {
    const anna = await createTestUser(services, { keyMode: "strict" });
    const { secret } = await newToken(anna, ["read", "change"]);
    expect((await withToken(secret, "/api/v1/tags", { method: "POST", body: { name: "Belege" } })).status).toBe(201);

    await db.sql`delete from sessions where user_id = ${anna.user.id}`;
    const refused = await withToken(secret, "/api/v1/tags");
    expect(refused.status).toBe(409);
    const error = await errorOf(refused);
    expect(error.code).toBe("DATA_KEY_UNAVAILABLE");
    expect(error.message).toContain("sign in");
    // What needs no key still works.
    expect((await withToken(secret, "/api/v1/me")).status).toBe(200);
  });
});

describe("logs", () => {
  test("the secret appears in no log line: creation, use, a wrong try, revocation", async () => {
    const logs = captureLogs("debug");
    try {
      const anna = await createTestUser(services);
      const browser = client(app, { cookie: anna.cookie });
      const created = await browser.post("/account/api-tokens", { name: "Skript", scope_read: "on", expiry: "30" });
      const secret = /value="(mh_[^"]+)"/.exec(await created.text())![1]!;
      const viaApi = await newToken(anna, ["read"]);
      expect((await withToken(secret, "/api/v1/me")).status).toBe(200);
      expect((await withToken(`${secret}x`, "/api/v1/me")).status).toBe(401);
      expect((await withToken(viaApi.secret, "/api/v1/api-tokens", { method: "POST", body: { name: "x", scopes: ["read"] } })).status).toBe(403);
      await browser.json(`/api/v1/api-tokens/${viaApi.token.id}`, { method: "DELETE", headers: JSON_HEADERS });

      const text = logs.text();
      expect(text).toContain("api_token.created");
      expect(text).toContain("api_token.revoked");
      for (const value of [secret, viaApi.secret]) expect(text).not.toContain(value.slice(12));
    } finally {
      logs.stop();
    }
  });
});

test("a form post with the token and no session gets nothing done", async () => {
  const anna = await createTestUser(services);
  const { secret } = await newToken(anna, ["read", "change"]);
  const response = await app.request("/tags", { method: "POST", headers: { ...FORM_HEADERS, Authorization: `Bearer ${secret}` }, body: "name=Heimlich" });
  expect(response.status).toBe(401);
  expect((await db.sql`select 1 from tags where user_id = ${anna.user.id}`).length).toBe(0);
});
