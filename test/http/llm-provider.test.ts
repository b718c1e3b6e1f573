/**
 * The AI provider JSON API against the real database and the LLM stub:
 * settings in and out (the key never echoed), the connection test and the
 * model list with their reason codes, per-account visibility (another
 * user's account is 404).
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { AccountVisibilityJson, ConnectionTestJson, LlmProviderInput, LlmProviderJson } from "../../src/http/routes/api/v1/llm-provider-schemas.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { startLlmStub } from "../support/llm-stub.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await db.drop();
});
beforeEach(() => stub.reset());

const SECRET = "sk-very-secret-key-4242";

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  const send = (method: string, path: string, body?: unknown) =>
    json(path, { method, headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    get: (path: string) => json(path),
    put: (path: string, body: unknown) => send("PUT", path, body),
    post: (path: string) => send("POST", path),
    patch: (path: string, body: unknown) => send("PATCH", path, body),
    delete: (path: string) => send("DELETE", path),
  };
};

const body = (overrides: Partial<LlmProviderInput> = {}): LlmProviderInput => ({ kind: "openai", baseUrl: `${stub.url}/v1/`, model: "stub-model", apiKey: SECRET, dailyBudget: 50, ...overrides });

describe("/api/v1/llm-provider", () => {
  test("404 before one is set up; PUT saves it and answers without the key; GET the same; DELETE removes it", async () => {
    const user = await createTestUser(services);
    expect((await api(user).get("/api/v1/llm-provider")).status).toBe(404);

    const saved = await api(user).put("/api/v1/llm-provider", body());
    expect(saved.status).toBe(200);
    const text = await saved.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text) as LlmProviderJson).toMatchObject({
      kind: "openai",
      baseUrl: `${stub.url}/v1`,
      model: "stub-model",
      secondOpinionModel: null,
      apiKeySet: true,
      dailyBudget: 50,
      enabled: true,
      timeoutSeconds: 60,
      usedToday: 0,
      anonymised: true,
    });
    const read = await api(user).get("/api/v1/llm-provider");
    const readText = await read.text();
    expect(readText).not.toContain(SECRET);
    expect(JSON.parse(readText)).toMatchObject({ apiKeySet: true });

    expect((await api(user).delete("/api/v1/llm-provider")).status).toBe(204);
    expect((await api(user).get("/api/v1/llm-provider")).status).toBe(404);
    expect((await api(user).delete("/api/v1/llm-provider")).status).toBe(404);
  });

  test("a loopback Ollama is reported as not anonymised", async () => {
    const user = await createTestUser(services);
    const saved = (await (await api(user).put("/api/v1/llm-provider", body({ kind: "ollama", baseUrl: "http://localhost:11434", apiKey: undefined }))).json()) as LlmProviderJson;
    expect(saved).toMatchObject({ anonymised: false, apiKeySet: false });
  });

  test("invalid fields are 400 naming them, and nothing is stored", async () => {
    const user = await createTestUser(services);
    const cases: [Record<string, unknown>, string][] = [
      [body({ baseUrl: "file:///etc/passwd" }), "baseUrl"],
      [body({ baseUrl: "https://user:pw@example.org" }), "baseUrl"],
      [body({ baseUrl: "javascript:alert(1)" }), "baseUrl"],
      [{ ...body(), kind: "gemini" }, "kind"],
      [body({ model: "" }), "model"],
      [body({ dailyBudget: -1 }), "dailyBudget"],
      [body({ timeoutSeconds: 1 }), "timeoutSeconds"],
    ];
    for (const [input, field] of cases) {
      const response = await api(user).put("/api/v1/llm-provider", input);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      const error = (await response.json()) as ErrorEnvelope;
      expect(error.error.message).toContain(field);
      expect(error.error.message).not.toContain(SECRET);
    }
    expect((await api(user).get("/api/v1/llm-provider")).status).toBe(404);
  });

  test("POST /test: ok with the model list; a wrong key is ok:false unauthorized; a dead server unreachable", async () => {
    const user = await createTestUser(services);
    await api(user).put("/api/v1/llm-provider", body());
    stub.apiKey = SECRET;
    const good = (await (await api(user).post("/api/v1/llm-provider/test")).json()) as ConnectionTestJson;
    expect(good).toEqual({ ok: true, reason: null, detail: null, models: ["stub-large", "stub-model"], modelAvailable: true });
    // The stored key went along as a bearer token, and no chat request (no mail) was made.
    expect(stub.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([["GET", "/v1/models", `Bearer ${SECRET}`]]);

    stub.apiKey = "another-key";
    expect(await (await api(user).post("/api/v1/llm-provider/test")).json()).toMatchObject({ ok: false, reason: "unauthorized" });

    await api(user).put("/api/v1/llm-provider", body({ baseUrl: "http://127.0.0.1:1" }));
    expect(await (await api(user).post("/api/v1/llm-provider/test")).json()).toMatchObject({ ok: false, reason: "unreachable", models: [] });
  });

  test("GET /models lists the provider's models; a failure is 400 starting with the reason code", async () => {
    const user = await createTestUser(services);
    expect((await api(user).get("/api/v1/llm-provider/models")).status).toBe(404);
    await api(user).put("/api/v1/llm-provider", body({ kind: "anthropic", baseUrl: stub.url }));
    expect(await (await api(user).get("/api/v1/llm-provider/models")).json()).toEqual({ models: ["stub-large", "stub-model"] });
    expect(stub.requests[0]!.headers["x-api-key"]).toBe(SECRET);

    await api(user).put("/api/v1/llm-provider", body({ kind: "openai", baseUrl: `${stub.url}/nowhere` }));
    const missing = await api(user).get("/api/v1/llm-provider/models");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorEnvelope).error.message).toStartWith("not_found: ");
  });

  test("omitting the key keeps it for the same origin; another origin drops it", async () => {
    const user = await createTestUser(services);
    await api(user).put("/api/v1/llm-provider", body());
    const kept = (await (await api(user).put("/api/v1/llm-provider", body({ apiKey: undefined, model: "stub-large" }))).json()) as LlmProviderJson;
    expect(kept).toMatchObject({ apiKeySet: true, model: "stub-large" });
    const moved = (await (await api(user).put("/api/v1/llm-provider", body({ apiKey: undefined, baseUrl: "https://elsewhere.example.net/v1" }))).json()) as LlmProviderJson;
    expect(moved.apiKeySet).toBe(false);
  });

  test("another user's settings are their own: each sees only theirs", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    await api(alice).put("/api/v1/llm-provider", body({ model: "alice-model" }));
    expect((await api(bob).get("/api/v1/llm-provider")).status).toBe(404);
    expect((await api(bob).delete("/api/v1/llm-provider")).status).toBe(404);
    expect(await (await api(alice).get("/api/v1/llm-provider")).json()).toMatchObject({ model: "alice-model" });
  });
});

describe("visibility", () => {
  test("lists the user's accounts with their visibility and changes one; another user's account is 404 and unchanged", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const account = await createMailAccount(services.sql, alice.dataKey, alice.user.id, { label: "Uni", host: "imap.example.org", port: 993, security: "tls", username: "a", password: "p" });
    expect(await (await api(alice).get("/api/v1/llm-provider/accounts")).json()).toEqual({ accounts: [{ accountId: account.id, label: "Uni", visibility: "headers_body_start" }] });
    expect(await (await api(bob).get("/api/v1/llm-provider/accounts")).json()).toEqual({ accounts: [] });

    const changed = await api(alice).patch(`/api/v1/accounts/${account.id}/llm-visibility`, { visibility: "headers" });
    expect(changed.status).toBe(200);
    expect((await changed.json()) as AccountVisibilityJson).toEqual({ accountId: account.id, label: "Uni", visibility: "headers" });

    expect((await api(bob).patch(`/api/v1/accounts/${account.id}/llm-visibility`, { visibility: "full" })).status).toBe(404);
    expect((await api(alice).patch(`/api/v1/accounts/not-an-id/llm-visibility`, { visibility: "full" })).status).toBe(404);
    expect((await api(alice).patch(`/api/v1/accounts/${account.id}/llm-visibility`, { visibility: "everything" })).status).toBe(400);
    const [row] = await services.sql`select llm_visibility from mail_accounts where id = ${account.id}`;
    expect(row!.llm_visibility).toBe("headers");
  });
});

test("nothing of the key reaches the log, at debug level, through save, test and model list", async () => {
  const user = await createTestUser(services);
  const logs = captureLogs("debug");
  try {
    await api(user).put("/api/v1/llm-provider", body());
    stub.apiKey = SECRET;
    await api(user).post("/api/v1/llm-provider/test");
    await api(user).get("/api/v1/llm-provider/models");
    stub.apiKey = "other";
    await api(user).post("/api/v1/llm-provider/test");
    await api(user).put("/api/v1/llm-provider", { ...body(), dailyBudget: -5 });
  } finally {
    logs.stop();
  }
  expect(logs.text()).toContain("llm connection tested");
  expect(logs.text()).not.toContain(SECRET);
  expect(logs.text()).not.toContain(SECRET.slice(3, 15));
});

test("the OpenAPI document describes the routes, with the key write-only", async () => {
  const doc = (await (await app.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  expect(Object.keys(doc.paths["/api/v1/llm-provider"]!).sort()).toEqual(["delete", "get", "put"]);
  expect(doc.paths["/api/v1/llm-provider/test"]!.post).toBeDefined();
  expect(doc.paths["/api/v1/llm-provider/models"]!.get).toBeDefined();
  expect(doc.paths["/api/v1/accounts/{accountId}/llm-visibility"]!.patch).toBeDefined();
  expect(Object.keys(doc.components.schemas.LlmProvider!.properties)).not.toContain("apiKey");
  expect(Object.keys(doc.components.schemas.LlmProviderInput!.properties)).toContain("apiKey");
});
