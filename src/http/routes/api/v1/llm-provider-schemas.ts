/**
 * Schemas of the LLM provider API and how settings become them. The API key
 * goes in and never comes out: responses say only `apiKeySet`.
 */
import { z } from "@hono/zod-openapi";
import { isLocalProvider } from "../../../../analysis/llm/base-url.ts";
import type { LlmSettingsSummary } from "../../../../analysis/llm/settings.ts";
import { LLM_KINDS, TRANSPORT_FAILURES } from "../../../../analysis/llm/types.ts";
import type { AccountVisibility } from "../../../../analysis/llm/visibility.ts";
import { errorSpec } from "../../../errors.ts";

export { LlmProviderInputSchema, VisibilitySchema, type LlmProviderInput } from "../../../../analysis/llm/settings-input.ts";
import { VisibilitySchema } from "../../../../analysis/llm/settings-input.ts";

export const LlmProviderSchema = z
  .object({
    kind: z.enum(LLM_KINDS),
    baseUrl: z.string(),
    model: z.string(),
    secondOpinionModel: z.string().nullable(),
    embeddingModel: z.string().nullable().openapi({ description: "The embedding model for similar messages; null: off." }),
    apiKeySet: z.boolean().openapi({ description: "A key is stored. The key itself is never returned." }),
    dailyBudget: z.number().int(),
    enabled: z.boolean(),
    timeoutSeconds: z.number().int(),
    usedToday: z.number().int().openapi({ description: "Calls made today (UTC)." }),
    anonymised: z.boolean().openapi({ description: "Mail goes out anonymised: true for every provider except an Ollama on loopback." }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("LlmProvider");
export type LlmProviderJson = z.infer<typeof LlmProviderSchema>;

export const ConnectionTestSchema = z
  .object({
    ok: z.boolean(),
    reason: z.enum(TRANSPORT_FAILURES).nullable().openapi({ description: "Why it failed: unreachable, tls, timeout, unauthorized, not_found, http_error, bad_response." }),
    detail: z.string().nullable(),
    models: z.array(z.string()),
    modelAvailable: z.boolean().nullable().openapi({ description: "The configured model is in the provider's list." }),
  })
  .openapi("LlmConnectionTest");
export type ConnectionTestJson = z.infer<typeof ConnectionTestSchema>;

export const ModelListSchema = z
  .object({ models: z.array(z.string()).openapi({ description: "Model ids only (other entries of the provider's answer are dropped), sorted, at most 500" }) })
  .openapi("LlmModelList");

export const AccountVisibilitySchema = z.object({ accountId: z.string().uuid(), label: z.string(), visibility: VisibilitySchema }).openapi("LlmAccountVisibility");
export type AccountVisibilityJson = z.infer<typeof AccountVisibilitySchema>;
export const AccountVisibilityListSchema = z.object({ accounts: z.array(AccountVisibilitySchema) }).openapi("LlmAccountVisibilityList");
export const VisibilityBodySchema = z.object({ visibility: VisibilitySchema }).openapi("LlmVisibilityChange");

export const llmErrors = {
  401: errorSpec("Not signed in"),
  404: errorSpec("No AI provider is configured"),
} as const;

export function providerJson(summary: LlmSettingsSummary): LlmProviderJson {
  return {
    kind: summary.kind,
    baseUrl: summary.baseUrl,
    model: summary.model,
    secondOpinionModel: summary.secondOpinionModel,
    embeddingModel: summary.embeddingModel,
    apiKeySet: summary.apiKeySet,
    dailyBudget: summary.dailyBudget,
    enabled: summary.enabled,
    timeoutSeconds: summary.timeoutSeconds,
    usedToday: summary.usedToday,
    anonymised: !isLocalProvider(summary),
    updatedAt: summary.updatedAt.toISOString(),
  };
}

export const visibilityJson = (account: AccountVisibility): AccountVisibilityJson => ({ accountId: account.accountId, label: account.label, visibility: account.visibility });
