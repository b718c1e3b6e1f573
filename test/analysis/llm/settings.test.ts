/**
 * Provider settings and the budget against the real database: the key is
 * stored only encrypted and bound to its owner, kept only for the same
 * origin, and the daily budget cannot be overspent by concurrent callers.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { takeLlmBudget, usedToday } from "../../../src/analysis/llm/budget.ts";
import { deleteLlmSettings, loadLlmSettings, readLlmSettingsSummary, saveLlmSettings, type LlmSettingsInput } from "../../../src/analysis/llm/settings.ts";
import { accountVisibility, listAccountVisibility, setAccountVisibility } from "../../../src/analysis/llm/visibility.ts";
import { createMailAccount } from "../../../src/mail/accounts/store.ts";
import { openTestApp } from "../../support/test-app.ts";
import { createTestUser } from "../../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { sql } = services;

const input = (overrides: Partial<LlmSettingsInput> = {}): LlmSettingsInput => ({
  kind: "openai",
  baseUrl: "https://api.example.org/v1",
  model: "gpt-test",
  secondOpinionModel: null,
  apiKey: "sk-secret-1234567890",
  dailyBudget: 200,
  enabled: true,
  timeoutSeconds: 60,
  ...overrides,
});

describe("settings", () => {
  test("save and load: the key comes back decrypted, the row holds it only encrypted, the summary only says it is set", async () => {
    const user = await createTestUser(services);
    const summary = await saveLlmSettings(sql, user.dataKey, user.user.id, input());
    expect(summary).toMatchObject({ kind: "openai", baseUrl: "https://api.example.org/v1", model: "gpt-test", apiKeySet: true, usedToday: 0 });
    expect(JSON.stringify(summary)).not.toContain("sk-secret");
    expect(await loadLlmSettings(sql, user.dataKey, user.user.id)).toMatchObject({ apiKey: "sk-secret-1234567890", userId: user.user.id });
    const [row] = await sql`select api_key_encrypted::text as raw from llm_providers where user_id = ${user.user.id}`;
    expect(Buffer.from(row!.raw.slice(2), "hex").toString("latin1")).not.toContain("sk-secret");
  });

  test("another user's data key cannot open the key (bound to its owner)", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    await saveLlmSettings(sql, alice.dataKey, alice.user.id, input());
    await expect(loadLlmSettings(sql, bob.dataKey, alice.user.id)).rejects.toThrow();
    expect(await loadLlmSettings(sql, bob.dataKey, bob.user.id)).toBeNull();
  });

  test("an omitted key is kept for the same origin, dropped for another one; null removes it", async () => {
    const user = await createTestUser(services);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input());
    expect(await saveLlmSettings(sql, user.dataKey, user.user.id, input({ apiKey: undefined, model: "other", baseUrl: "https://api.example.org" }))).toMatchObject({ apiKeySet: true, model: "other" });
    expect((await loadLlmSettings(sql, user.dataKey, user.user.id))!.apiKey).toBe("sk-secret-1234567890");
    expect(await saveLlmSettings(sql, user.dataKey, user.user.id, input({ apiKey: undefined, baseUrl: "https://evil.example.net/v1" }))).toMatchObject({ apiKeySet: false });
    await saveLlmSettings(sql, user.dataKey, user.user.id, input());
    expect(await saveLlmSettings(sql, user.dataKey, user.user.id, input({ apiKey: null }))).toMatchObject({ apiKeySet: false });
  });

  test("delete", async () => {
    const user = await createTestUser(services);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input());
    expect(await deleteLlmSettings(sql, user.user.id)).toBe(true);
    expect(await readLlmSettingsSummary(sql, user.user.id)).toBeNull();
    expect(await deleteLlmSettings(sql, user.user.id)).toBe(false);
  });
});

describe("takeLlmBudget", () => {
  test("gives exactly the daily budget to 40 concurrent callers, then refuses", async () => {
    const user = await createTestUser(services);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input({ dailyBudget: 7 }));
    const taken = await Promise.all(Array.from({ length: 40 }, () => takeLlmBudget(sql, user.user.id)));
    expect(taken.filter(Boolean)).toHaveLength(7);
    expect(await usedToday(sql, user.user.id)).toBe(7);
    expect(await takeLlmBudget(sql, user.user.id)).toBe(false);
  });

  test("no provider, a disabled one, or a budget of 0: nothing to take", async () => {
    const user = await createTestUser(services);
    expect(await takeLlmBudget(sql, user.user.id)).toBe(false);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input({ enabled: false }));
    expect(await takeLlmBudget(sql, user.user.id)).toBe(false);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input({ dailyBudget: 0 }));
    expect(await takeLlmBudget(sql, user.user.id)).toBe(false);
    expect(await usedToday(sql, user.user.id)).toBe(0);
  });

  test("a raised budget lets more through the same day; a new day starts at zero", async () => {
    const user = await createTestUser(services);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input({ dailyBudget: 1 }));
    expect(await takeLlmBudget(sql, user.user.id)).toBe(true);
    expect(await takeLlmBudget(sql, user.user.id)).toBe(false);
    await saveLlmSettings(sql, user.dataKey, user.user.id, input({ dailyBudget: 2 }));
    expect(await takeLlmBudget(sql, user.user.id)).toBe(true);
    await sql`update llm_usage set day = day - 1 where user_id = ${user.user.id}`;
    expect(await takeLlmBudget(sql, user.user.id)).toBe(true);
    expect(await usedToday(sql, user.user.id)).toBe(1);
  });
});

describe("visibility", () => {
  test("defaults to headers and body start; set per account; another user's account is not found", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const account = await createMailAccount(sql, alice.dataKey, alice.user.id, { label: "Work", host: "imap.example.org", port: 993, security: "tls", username: "a", password: "p" });
    expect(await listAccountVisibility(sql, alice.user.id)).toEqual([{ accountId: account.id, label: "Work", visibility: "headers_body_start" }]);
    expect(await setAccountVisibility(sql, alice.user.id, account.id, "full")).toEqual({ accountId: account.id, label: "Work", visibility: "full" });
    expect(await accountVisibility(sql, alice.user.id, account.id)).toBe("full");
    expect(await setAccountVisibility(sql, bob.user.id, account.id, "headers")).toBeUndefined();
    expect(await accountVisibility(sql, bob.user.id, account.id)).toBeUndefined();
    expect(await accountVisibility(sql, alice.user.id, "not-a-uuid")).toBeUndefined();
    expect(await accountVisibility(sql, alice.user.id, account.id)).toBe("full");
  });
});
