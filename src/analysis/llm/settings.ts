/**
 * A user's provider settings in `llm_providers` (0009). The API key is
 * encrypted with the user's data key and comes out only through
 * loadLlmSettings, for a request to the provider; everything shown to the
 * user (page, API) reads the summary, which says only whether a key is set.
 */
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { usedToday } from "./budget.ts";
import type { LlmKind, LlmSettings } from "./types.ts";

const apiKeyBinding = (userId: string) => ({ owner: userId, purpose: "llm-api-key" });

/** What the user sees of their settings: no key, only whether one is set; and today's calls. */
export interface LlmSettingsSummary {
  kind: LlmKind;
  baseUrl: string;
  model: string;
  secondOpinionModel: string | null;
  embeddingModel: string | null;
  apiKeySet: boolean;
  dailyBudget: number;
  enabled: boolean;
  timeoutSeconds: number;
  usedToday: number;
  updatedAt: Date;
}

export interface LlmSettingsInput {
  kind: LlmKind;
  /** Already normalised (base-url.ts). */
  baseUrl: string;
  model: string;
  secondOpinionModel: string | null;
  /** The model asked for embeddings (similar messages); null or omitted: none are asked for. Never set for Anthropic (no embeddings API). */
  embeddingModel?: string | null;
  /**
   * A new key; undefined keeps the stored one (only while the provider's
   * origin stays the same: a key is never sent to a host it was not given
   * for); null removes it.
   */
  apiKey?: string | null;
  dailyBudget: number;
  enabled: boolean;
  timeoutSeconds: number;
}

interface Row {
  kind: LlmKind;
  baseUrl: string;
  model: string;
  secondOpinionModel: string | null;
  embeddingModel: string | null;
  apiKeyEncrypted: Uint8Array | null;
  dailyBudget: number;
  enabled: boolean;
  timeoutSeconds: number;
  updatedAt: Date;
}

async function readRow(sql: Sql, userId: string): Promise<Row | undefined> {
  const [row] = await sql<Row[]>`
    select kind, base_url as "baseUrl", model, second_opinion_model as "secondOpinionModel", embedding_model as "embeddingModel",
           api_key_encrypted as "apiKeyEncrypted",
           daily_budget as "dailyBudget", enabled, timeout_seconds as "timeoutSeconds", updated_at as "updatedAt"
    from llm_providers where user_id = ${userId}`;
  return row;
}

/**
 * A user's provider with the key decrypted, for analysis and connection
 * tests; null when none is configured (enabled or not: check `enabled`).
 *
 * @example
 *   const settings = await loadLlmSettings(sql, dataKey, userId);
 *   if (settings?.enabled && (await takeLlmBudget(sql, userId))) await analyseWithLlm(settings, input, options);
 */
export async function loadLlmSettings(sql: Sql, dataKey: SecretKey, userId: string): Promise<LlmSettings | null> {
  const row = await readRow(sql, userId);
  if (!row) return null;
  return {
    userId,
    kind: row.kind,
    baseUrl: row.baseUrl,
    model: row.model,
    secondOpinionModel: row.secondOpinionModel,
    embeddingModel: row.embeddingModel,
    apiKey: row.apiKeyEncrypted ? decryptText(dataKey, row.apiKeyEncrypted, apiKeyBinding(userId)) : null,
    dailyBudget: row.dailyBudget,
    enabled: row.enabled,
    timeoutSeconds: row.timeoutSeconds,
  };
}

export async function readLlmSettingsSummary(sql: Sql, userId: string): Promise<LlmSettingsSummary | null> {
  const row = await readRow(sql, userId);
  if (!row) return null;
  const { apiKeyEncrypted, ...rest } = row;
  return { ...rest, apiKeySet: apiKeyEncrypted !== null, usedToday: await usedToday(sql, userId) };
}

/** Whether a stored key may go along to `baseUrl`: only to the origin it was stored for. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Creates or replaces the user's provider. */
export async function saveLlmSettings(sql: Sql, dataKey: SecretKey, userId: string, input: LlmSettingsInput): Promise<LlmSettingsSummary> {
  await sql.begin(async (tx) => {
    const [current] = await tx<{ baseUrl: string; apiKeyEncrypted: Uint8Array | null }[]>`
      select base_url as "baseUrl", api_key_encrypted as "apiKeyEncrypted" from llm_providers where user_id = ${userId} for update`;
    const keep = input.apiKey === undefined && current?.apiKeyEncrypted && sameOrigin(current.baseUrl, input.baseUrl);
    const apiKey = input.apiKey ? encrypt(dataKey, input.apiKey, apiKeyBinding(userId)) : keep ? current!.apiKeyEncrypted : null;
    await tx`
      insert into llm_providers (user_id, kind, base_url, model, second_opinion_model, embedding_model, api_key_encrypted, daily_budget, enabled, timeout_seconds)
      values (${userId}, ${input.kind}, ${input.baseUrl}, ${input.model}, ${input.secondOpinionModel}, ${input.embeddingModel ?? null}, ${apiKey}, ${input.dailyBudget}, ${input.enabled}, ${input.timeoutSeconds})
      on conflict (user_id) do update set
        kind = excluded.kind, base_url = excluded.base_url, model = excluded.model, second_opinion_model = excluded.second_opinion_model,
        embedding_model = excluded.embedding_model,
        api_key_encrypted = excluded.api_key_encrypted, daily_budget = excluded.daily_budget, enabled = excluded.enabled,
        timeout_seconds = excluded.timeout_seconds, updated_at = now()`;
  });
  return (await readLlmSettingsSummary(sql, userId))!;
}

/** Removes the user's provider; analysis goes back to the local analyser alone. */
export async function deleteLlmSettings(sql: Sql, userId: string): Promise<boolean> {
  const result = await sql`delete from llm_providers where user_id = ${userId}`;
  return result.count > 0;
}
