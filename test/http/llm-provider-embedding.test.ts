/**
 * The embedding model setting over the API and the AI settings page: saved
 * and shown for Ollama and OpenAI-compatible providers, empty means off, and
 * refused for Anthropic (no embeddings API) with a clear message in both
 * languages, storing nothing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readLlmSettingsSummary } from "../../src/analysis/llm/settings.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { LlmProviderInput, LlmProviderJson } from "../../src/http/routes/api/v1/llm-provider-schemas.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const put = (user: TestUser, body: LlmProviderInput) =>
  client(app, { cookie: user.cookie }).json("/api/v1/llm-provider", {
    method: "PUT",
    headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" },
    body: JSON.stringify(body),
  });

const form = (overrides: Record<string, string> = {}) => ({
  kind: "ollama",
  baseUrl: "http://127.0.0.1:11434",
  model: "llama3.2",
  secondOpinionModel: "",
  embeddingModel: "nomic-embed-text",
  dailyBudget: "120",
  timeoutSeconds: "30",
  enabled: "true",
  ...overrides,
});
const as = (user: TestUser, lang = "en") => client(app, { cookie: `${user.cookie}; lang=${lang}` });

describe("embedding model: API", () => {
  test("saved and returned; omitted means off", async () => {
    const user = await createTestUser(services);
    const saved = await put(user, { kind: "openai", baseUrl: "https://api.example.org", model: "gpt-test", embeddingModel: "text-embedding-3-small" });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as LlmProviderJson).embeddingModel).toBe("text-embedding-3-small");
    const off = await put(user, { kind: "openai", baseUrl: "https://api.example.org", model: "gpt-test" });
    expect(((await off.json()) as LlmProviderJson).embeddingModel).toBeNull();
  });

  test("refused for Anthropic with a clear message, and nothing is stored", async () => {
    const user = await createTestUser(services);
    const response = await put(user, { kind: "anthropic", baseUrl: "https://api.anthropic.com", model: "claude-test", embeddingModel: "voyage-3" });
    expect(response.status).toBe(400);
    const error = (await response.json()) as ErrorEnvelope;
    expect(error.error.code).toBe("BAD_REQUEST");
    expect(error.error.message).toContain("embeddingModel");
    expect(error.error.message).toContain("Anthropic has no embeddings API");
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toBeNull();
    // Without one, Anthropic is fine.
    expect((await put(user, { kind: "anthropic", baseUrl: "https://api.anthropic.com", model: "claude-test", embeddingModel: null })).status).toBe(200);
  });
});

describe("embedding model: settings page", () => {
  test("the field is labelled, saved and shown again", async () => {
    const user = await createTestUser(services);
    expect(await (await as(user).get("/settings/ai")).text()).toContain('<label for="embeddingModel">');
    expect((await as(user).post("/settings/ai", form())).status).toBe(303);
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toMatchObject({ embeddingModel: "nomic-embed-text" });
    expect(await (await as(user).get("/settings/ai")).text()).toContain('value="nomic-embed-text"');
    await as(user).post("/settings/ai", form({ embeddingModel: "" }));
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toMatchObject({ embeddingModel: null });
  });

  test("Anthropic with an embedding model: 400 naming the field, in German and English", async () => {
    const user = await createTestUser(services);
    const anthropic = form({ kind: "anthropic", baseUrl: "https://api.anthropic.com", model: "claude-test" });
    const en = await as(user).post("/settings/ai", anthropic);
    expect(en.status).toBe(400);
    const page = await en.text();
    expect(page).toContain('data-invalid="embeddingModel"');
    expect(page).toContain("Anthropic, which has no embeddings");
    expect(await (await as(user, "de").post("/settings/ai", anthropic)).text()).toContain("Anthropic, das keine Embeddings hat");
    expect(await readLlmSettingsSummary(services.sql, user.user.id)).toBeNull();
  });
});
