/**
 * The outbound policy seen from outside, as a user who is not an
 * administrator, on the default policy (nothing but public addresses):
 * found by review, the IMAP connection test and the LLM base URL reached
 * loopback, told closed, open and HTTP ports apart, and read a JSON service
 * back in full. Real sockets throughout: Dovecot, a TCP listener, a JSON
 * server, a closed port.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { CANNOT_CONNECT } from "../../src/http/connection-tests.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { NewMailAccount } from "../../src/http/routes/api/v1/accounts-schemas.ts";
import { CONNECTION_TESTS_PER_MINUTE } from "../../src/limits.ts";
import { dovecot, type TestMailbox } from "../support/dovecot.ts";
import { freePort } from "../support/ports.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp({}, { outbound: "public_only" });
const server = await dovecot();

/** A port that is open: it counts every connection made to it. */
let tcpConnections = 0;
const listener = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    open: (socket: Socket) => {
      tcpConnections++;
      socket.end();
    },
    data: () => {},
  },
});

/** A JSON service shaped like an OpenAI model list, with things in it that must not come back. */
let jsonRequests = 0;
const MODEL_IDS = Array.from({ length: 600 }, (_, i) => `model-${String(i).padStart(3, "0")}`);
const json = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => {
    jsonRequests++;
    return Response.json({
      object: "list",
      internal: "INTERNAL-SECRET-CONFIG",
      data: [{ id: "llama3.2:latest", owned_by: "INTERNAL-SECRET-OWNER" }, { id: "AWS_SECRET=wJalrXUtnFEMI" }, { id: "<script>x</script>" }, { id: 42 }, ...MODEL_IDS.map((id) => ({ id }))],
    });
  },
});
const closedPort = await freePort();

afterAll(async () => {
  listener.stop(true);
  await json.stop(true);
  await db.drop();
});

const api = (user: TestUser) => {
  const send = (method: string, path: string, body?: unknown) =>
    client(app, { cookie: user.cookie }).json(path, {
      method,
      headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { get: (path: string) => send("GET", path), post: (path: string, body?: unknown) => send("POST", path, body), put: (path: string, body: unknown) => send("PUT", path, body) };
};

const account = (box: TestMailbox, overrides: Partial<NewMailAccount>): NewMailAccount => ({
  label: "Probe",
  host: box.host,
  port: box.port,
  security: "none",
  username: box.user,
  password: box.password,
  tlsCa: null,
  ...overrides,
});

const provider = (baseUrl: string) => ({ kind: "openai", baseUrl, model: "llama3.2:latest", apiKey: "sk-x", dailyBudget: 10 });

/** Status and body, with the request id (different per request) taken out. */
async function answer(response: Response): Promise<{ status: number; body: unknown }> {
  const body = (await response.json()) as { error?: { requestId?: string } };
  if (body.error) delete body.error.requestId;
  return { status: response.status, body };
}

async function imapAnswer(user: TestUser, box: TestMailbox, overrides: Partial<NewMailAccount>) {
  return await answer(await api(user).post("/api/v1/accounts", account(box, overrides)));
}

async function llmAnswers(user: TestUser, baseUrl: string) {
  expect((await api(user).put("/api/v1/llm-provider", provider(baseUrl))).status).toBe(200);
  const test = await answer(await api(user).post("/api/v1/llm-provider/test"));
  const models = await answer(await api(user).get("/api/v1/llm-provider/models"));
  return { test, models };
}

const refusedImap = { status: 400, body: { error: { code: "BAD_REQUEST", message: `unreachable: ${CANNOT_CONNECT}` } } };

describe("on the default policy, a user who is not an administrator", () => {
  test("gets one answer from the IMAP test for a listening port, a closed port, Dovecot and 'localhost', and nothing connects", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const answers = [
      await imapAnswer(user, box, { port: listener.port }),
      await imapAnswer(user, box, { port: closedPort }),
      await imapAnswer(user, box, {}),
      await imapAnswer(user, box, { host: "localhost" }),
      await imapAnswer(user, box, { host: "::ffff:127.0.0.1", port: listener.port }),
    ];
    for (const seen of answers) expect(seen).toEqual(refusedImap);
    expect(tcpConnections).toBe(0);
    expect((await db.sql`select count(*)::int as n from mail_accounts where user_id = ${user.user.id}`)[0]!.n).toBe(0);
  });

  test("gets one answer from the LLM test and model list for a JSON server and a closed port, and nothing is sent", async () => {
    const user = await createTestUser(services);
    const open = await llmAnswers(user, `http://127.0.0.1:${json.port}`);
    const closed = await llmAnswers(user, `http://127.0.0.1:${closedPort}`);
    const named = await llmAnswers(user, `http://localhost:${json.port}`);
    expect(open.test).toEqual({ status: 200, body: { ok: false, reason: "unreachable", detail: CANNOT_CONNECT, models: [], modelAvailable: null } });
    expect(open.models).toEqual({ status: 400, body: { error: { code: "BAD_REQUEST", message: `unreachable: ${CANNOT_CONNECT}` } } });
    expect(closed).toEqual(open);
    expect(named).toEqual(open);
    expect(jsonRequests).toBe(0);
  });

  test("the settings form's probes answer alike too", async () => {
    const user = await createTestUser(services);
    const form = (baseUrl: string) => ({ kind: "ollama", baseUrl, apiKey: "", model: "x", dailyBudget: "10", timeoutSeconds: "30" });
    const fragment = async (path: string, baseUrl: string) => (await (await client(app, { cookie: user.cookie }).post(path, form(baseUrl), { "HX-Request": "true" })).text()).replace(/\s+/g, " ");
    for (const path of ["/settings/ai/test", "/settings/ai/models"]) {
      const open = await fragment(path, `http://127.0.0.1:${json.port}`);
      expect(open).toContain('data-reason="unreachable"');
      expect(await fragment(path, `http://127.0.0.1:${closedPort}`)).toBe(open);
      expect(await fragment(path, "http://169.254.169.254")).toBe(open);
    }
    expect(jsonRequests).toBe(0);
  });
});

describe("after an administrator allows 127.0.0.1", () => {
  test("the same tests work, and the model list holds model ids only", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const saved = await client(app, { cookie: admin.cookie }).post("/admin/outbound", { targets: "127.0.0.1/32 # test services" });
    expect(saved.status).toBe(303);
    try {
      await allowedTargetsWork(admin);
    } finally {
      expect((await client(app, { cookie: admin.cookie }).post("/admin/outbound", { targets: "" })).status).toBe(303);
    }
  });
});

/** With 127.0.0.1/32 allowed: a user's IMAP and LLM tests get through; the model list is reduced to ids. */
async function allowedTargetsWork(admin: TestUser) {
  expect(await (await client(app, { cookie: admin.cookie }).get("/admin/outbound")).text()).toContain("127.0.0.1/32");

  const user = await createTestUser(services);
  const box = server.createMailbox();
  expect((await api(user).post("/api/v1/accounts", account(box, {}))).status).toBe(201);

  const { test, models } = await llmAnswers(user, `http://127.0.0.1:${json.port}`);
  expect(test).toMatchObject({ status: 200, body: { ok: true, modelAvailable: true } });
  const list = (models.body as { models: string[] }).models;
  expect(models.status).toBe(200);
  expect(list).toHaveLength(500);
  expect(list).toContain("llama3.2:latest");
  expect(list.every((id) => /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/.test(id))).toBe(true);
  expect(JSON.stringify(models.body)).not.toMatch(/INTERNAL-SECRET|AWS_SECRET|script|owned_by/);
  expect(jsonRequests).toBeGreaterThan(0);

  // An administrator is told why.
  const adminView = await answer(await api(admin).post("/api/v1/accounts", account(box, { host: "10.0.0.1" })));
  expect((adminView.body as ErrorEnvelope).error.message).toContain("not allowed");
}

describe("connection tests are budgeted per user", () => {
  test(`past ${CONNECTION_TESTS_PER_MINUTE} a minute: 429 RATE_LIMITED with Retry-After, on the API and the form; another user is not affected`, async () => {
    const user = await createTestUser(services);
    expect((await api(user).put("/api/v1/llm-provider", provider(`http://127.0.0.1:${closedPort}`))).status).toBe(200);
    for (let i = 0; i < CONNECTION_TESTS_PER_MINUTE; i++) expect((await api(user).post("/api/v1/llm-provider/test")).status).toBe(200);
    const limited = await api(user).post("/api/v1/llm-provider/test");
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as ErrorEnvelope).error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const box = server.createMailbox();
    expect((await api(user).post("/api/v1/accounts", account(box, {}))).status).toBe(429);
    const form = await client(app, { cookie: user.cookie }).post("/settings/ai/test", {
      kind: "ollama",
      baseUrl: "http://127.0.0.1:1",
      apiKey: "",
      model: "x",
      dailyBudget: "10",
      timeoutSeconds: "30",
    });
    expect(form.status).toBe(429);
    expect(form.headers.get("retry-after")).not.toBeNull();

    const other = await createTestUser(services);
    expect((await api(other).post("/api/v1/accounts", account(box, {}))).status).toBe(400);
  });
});
