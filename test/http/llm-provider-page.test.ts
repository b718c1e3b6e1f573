/**
 * The AI settings page over HTTP, in German and English: saving the form
 * (the key written, never shown again), refusals naming the fields, "load
 * models" and "test connection" as htmx fragments and as whole pages
 * without JavaScript, per-mailbox visibility (another user's account 404).
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { loadLlmSettings, readLlmSettingsSummary } from "../../src/analysis/llm/settings.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { startLlmStub } from "../support/llm-stub.ts";
import { tempDir } from "../support/temp.ts";
import { makeSelfSignedCertificate } from "../support/tls.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await db.drop();
});
beforeEach(() => stub.reset());

const SECRET = "sk-page-secret-9876";
const HX = { "HX-Request": "true" };

const form = (overrides: Record<string, string> = {}) => ({
  kind: "openai",
  baseUrl: stub.url,
  apiKey: SECRET,
  model: "stub-model",
  secondOpinionModel: "",
  dailyBudget: "120",
  timeoutSeconds: "30",
  enabled: "true",
  ...overrides,
});

const as = (user: TestUser, lang = "en") => client(app, { cookie: `${user.cookie}; lang=${lang}` });

describe("GET /settings/ai", () => {
  test("a new user sees the empty form with labelled controls, the privacy note and the nav link, in both languages", async () => {
    const user = await createTestUser(services);
    const en = await (await as(user).get("/settings/ai")).text();
    expect(en).toContain("<h1>AI settings</h1>");
    expect(en).toContain('href="/settings/ai"');
    expect(en).toContain('data-state="none"');
    for (const id of ["kind", "baseUrl", "apiKey", "model", "secondOpinionModel", "dailyBudget", "timeoutSeconds"]) expect(en).toContain(`<label for="${id}">`);
    expect(en).toContain('data-privacy="rule"');
    const de = await (await as(user, "de").get("/settings/ai")).text();
    expect(de).toContain("<h1>KI-Einstellungen</h1>");
    expect(de).toContain("Modelle laden");
    expect(de).toContain("Verbindung testen");
  });
});

describe("POST /settings/ai", () => {
  test("saves, redirects, and the page then says so; the key is stored encrypted and never rendered", async () => {
    const user = await createTestUser(services);
    const saved = await as(user).post("/settings/ai", form());
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/settings/ai?done=saved");
    const page = await (await as(user).get("/settings/ai?done=saved")).text();
    expect(page).toContain("AI settings saved.");
    expect(page).toContain('data-state="enabled"');
    expect(page).toContain('data-privacy="anonymised"');
    expect(page).toContain("Calls today: 0 of 120.");
    expect(page).not.toContain(SECRET);
    expect(page).toContain("Remove the stored key");
    expect((await loadLlmSettings(services.sql, user.dataKey, user.user.id))!.apiKey).toBe(SECRET);
    // Switched to an Ollama on this machine: clear text, and the key (given for another server) is dropped.
    await as(user).post("/settings/ai", form({ kind: "ollama", baseUrl: "http://localhost:11434", apiKey: "" }));
    expect(await (await as(user).get("/settings/ai")).text()).toContain('data-privacy="clear"');
    expect((await loadLlmSettings(services.sql, user.dataKey, user.user.id))!.apiKey).toBeNull();
  });

  test("an empty key field keeps the key; the remove box removes it; an unchecked box disables", async () => {
    const user = await createTestUser(services);
    await as(user).post("/settings/ai", form());
    await as(user).post("/settings/ai", form({ apiKey: "", model: "stub-large" }));
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toMatchObject({ apiKeySet: true, model: "stub-large" });
    await as(user).post("/settings/ai", { ...form({ apiKey: "", removeApiKey: "true" }), enabled: "false" });
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toMatchObject({ apiKeySet: false, enabled: false });
  });

  test("a refused form is 400, names the fields in the reader's language, keeps the values but not the key", async () => {
    const user = await createTestUser(services);
    const response = await as(user, "de").post("/settings/ai", form({ baseUrl: "ftp://example.org", dailyBudget: "viele", model: "" }));
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('data-invalid="baseUrl model dailyBudget"');
    expect(page).toContain("Die Basis-URL muss eine http- oder https-Adresse sein");
    expect(page).toContain('value="ftp://example.org"');
    expect(page).not.toContain(SECRET);
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toBeNull();
  });

  test("remove: the provider is gone", async () => {
    const user = await createTestUser(services);
    await as(user).post("/settings/ai", form());
    const removed = await as(user).post("/settings/ai/delete");
    expect(removed.headers.get("location")).toBe("/settings/ai?done=deleted");
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toBeNull();
  });
});

describe("load models", () => {
  test("htmx: a fragment with the models to choose from, the typed key sent to the provider", async () => {
    const user = await createTestUser(services);
    stub.apiKey = SECRET;
    const response = await as(user).post("/settings/ai/models", form({ model: "" }), HX);
    expect(response.status).toBe(200);
    const fragment = await response.text();
    expect(fragment).toStartWith('<div id="ai-model-fields"');
    expect(fragment).toContain('<select id="model" name="model"');
    expect(fragment).toContain('<option value="stub-large" selected="">stub-large</option>');
    expect(fragment).toContain("2 models found.");
    expect(fragment).not.toContain("<html");
    expect(stub.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${SECRET}`]);
  });

  test("the stored key is used when none is typed, but only for the origin it was stored for", async () => {
    const user = await createTestUser(services);
    await as(user).post("/settings/ai", form());
    stub.apiKey = SECRET;
    expect(await (await as(user).post("/settings/ai/models", form({ apiKey: "" }), HX)).text()).toContain("2 models found.");
    const other = await startLlmStub();
    try {
      await as(user).post("/settings/ai/models", form({ apiKey: "", baseUrl: other.url }), HX);
      expect(other.requests.map((request) => request.headers.authorization)).toEqual([undefined]);
    } finally {
      await other.close();
    }
  });

  test("a failure shows its reason in the fragment; without htmx the whole page answers", async () => {
    const user = await createTestUser(services);
    stub.apiKey = "something-else";
    const fragment = await (await as(user).post("/settings/ai/models", form(), HX)).text();
    expect(fragment).toContain('data-reason="unauthorized"');
    expect(fragment).toContain("the API key is missing or wrong");
    const page = await as(user).post("/settings/ai/models", form({ kind: "ollama", baseUrl: "http://127.0.0.1:1" }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>AI settings</h1>");
    expect(html).toContain('data-reason="unreachable"');
    expect(html).not.toContain(SECRET);
  });

  test("an invalid base URL is named, and nothing is fetched", async () => {
    const user = await createTestUser(services);
    const fragment = await (await as(user).post("/settings/ai/models", form({ baseUrl: "gopher://x" }), HX)).text();
    expect(fragment).toContain('data-invalid="baseUrl"');
    expect(stub.requests).toHaveLength(0);
  });
});

describe("test connection", () => {
  test("ok, with whether the chosen model is offered", async () => {
    const user = await createTestUser(services);
    const ok = await (await as(user).post("/settings/ai/test", form({ kind: "ollama", apiKey: "" }), HX)).text();
    expect(ok).toStartWith('<div id="ai-test-result" role="status"');
    expect(ok).toContain("Connection works: 2 models available.");
    expect(ok).toContain("The model stub-model is among them.");
    const missing = await (await as(user, "de").post("/settings/ai/test", form({ kind: "anthropic", model: "claude-nope" }), HX)).text();
    expect(missing).toContain("Das Modell claude-nope ist nicht dabei.");
  });

  test("each failure has its reason: unreachable, not_found, bad_response, tls, unauthorized", async () => {
    // An administrator sees `tls`; to anyone else it is `unreachable` (test/http/outbound.security.test.ts).
    const user = await createTestUser(services, { role: "admin" });
    const reasonOf = async (values: Record<string, string>) => /data-reason="(\w+)"/.exec(await (await as(user).post("/settings/ai/test", form(values), HX)).text())?.[1];
    expect(await reasonOf({ baseUrl: "http://127.0.0.1:1" })).toBe("unreachable");
    expect(await reasonOf({ baseUrl: `${stub.url}/wrong/path` })).toBe("not_found");
    const html = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("<html>router login</html>", { headers: { "Content-Type": "text/html" } }) });
    try {
      expect(await reasonOf({ baseUrl: `http://127.0.0.1:${html.port}` })).toBe("bad_response");
    } finally {
      await html.stop(true);
    }
    const certificate = makeSelfSignedCertificate(tempDir("llm-tls"));
    const selfSigned = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { cert: Bun.file(certificate.certFile), key: Bun.file(certificate.keyFile) }, fetch: () => Response.json({ models: [] }) });
    try {
      expect(await reasonOf({ kind: "ollama", baseUrl: `https://127.0.0.1:${selfSigned.port}` })).toBe("tls");
    } finally {
      await selfSigned.stop(true);
    }
    stub.apiKey = "the-real-key";
    expect(await reasonOf({})).toBe("unauthorized");
  });
});

describe("visibility per mailbox", () => {
  test("the page lists the user's mailboxes with a labelled choice each; htmx changes one and answers its row", async () => {
    const alice = await createTestUser(services);
    const account = await createMailAccount(services.sql, alice.dataKey, alice.user.id, { label: "Privat", host: "imap.example.org", port: 993, security: "tls", username: "a", password: "p" });
    const page = await (await as(alice).get("/settings/ai")).text();
    expect(page).toContain(`<label for="visibility-${account.id}">Privat</label>`);
    const row = await as(alice).post(`/settings/ai/accounts/${account.id}`, { visibility: "full" }, HX);
    expect(row.status).toBe(200);
    const fragment = await row.text();
    expect(fragment).toStartWith(`<tr id="account-visibility-${account.id}" data-visibility="full">`);
    expect(fragment).toContain("Saved.");
    const plain = await as(alice).post(`/settings/ai/accounts/${account.id}`, { visibility: "headers" });
    expect(plain.status).toBe(303);
    const [stored] = await services.sql`select llm_visibility from mail_accounts where id = ${account.id}`;
    expect(stored!.llm_visibility).toBe("headers");
  });

  test("another user's account is 404 and unchanged; a bad value is 400", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const account = await createMailAccount(services.sql, alice.dataKey, alice.user.id, { label: "Privat", host: "imap.example.org", port: 993, security: "tls", username: "a", password: "p" });
    expect((await as(bob).post(`/settings/ai/accounts/${account.id}`, { visibility: "full" })).status).toBe(404);
    expect((await as(bob).post(`/settings/ai/accounts/${account.id}`, {})).status).toBe(404);
    expect((await as(alice).post(`/settings/ai/accounts/${account.id}`, { visibility: "all" })).status).toBe(400);
    expect((await as(bob).get("/settings/ai")).status).toBe(200);
    expect(await (await as(bob).get("/settings/ai")).text()).not.toContain("Privat");
    const [stored] = await services.sql`select llm_visibility from mail_accounts where id = ${account.id}`;
    expect(stored!.llm_visibility).toBe("headers_body_start");
  });
});
