/**
 * The AI provider settings as a person or an API client enters them: one
 * zod schema for both (like the mail account settings), and the HTML form's
 * fields mapped onto it. A refused form names the fields that are wrong,
 * never their values.
 */
import { z } from "@hono/zod-openapi";
import { MAX_BASE_URL_LENGTH, normaliseBaseUrl } from "./base-url.ts";
import { DEFAULT_DAILY_BUDGET, DEFAULT_TIMEOUT_SECONDS } from "./limits.ts";
import type { LlmSettingsInput } from "./settings.ts";
import { LLM_KINDS, LLM_VISIBILITIES } from "./types.ts";

/** Model names of the three APIs are short ids ("llama3.2:3b", "claude-sonnet-4-5", "mistral-large-latest"). */
const MAX_MODEL_LENGTH = 200;
/** API keys of the hosted providers are under 200 characters; the bound keeps junk out of the encrypted column. */
const MAX_API_KEY_LENGTH = 1000;
/** The column's checks (0009): a budget of 0 pauses the provider without forgetting it. */
const MAX_DAILY_BUDGET = 100_000;
const MIN_TIMEOUT_SECONDS = 5;
const MAX_TIMEOUT_SECONDS = 600;

/** Why an embedding model is refused for Anthropic (the API's message; the page shows its own text). */
export const ANTHROPIC_HAS_NO_EMBEDDINGS = "Anthropic has no embeddings API: leave the embedding model empty, or use an Ollama or OpenAI-compatible provider";

const modelName = z
  .string()
  .trim()
  .min(1)
  .max(MAX_MODEL_LENGTH)
  .regex(/^[^\s\u0000-\u001f]+$/, "no spaces or control characters");

export const connectionFields = {
  kind: z.enum(LLM_KINDS).openapi({ description: "`ollama`: Ollama's own API; `openai`: any OpenAI-compatible server (OpenAI, Mistral, LM Studio, vLLM…); `anthropic`: Claude." }),
  baseUrl: z
    .string()
    .max(MAX_BASE_URL_LENGTH)
    .refine((value) => normaliseBaseUrl(value) !== undefined, "an http or https URL without user name, password, query or fragment")
    .transform((value) => normaliseBaseUrl(value)!)
    .openapi({ example: "http://127.0.0.1:11434", description: "Only an Ollama on this machine (loopback) gets mail in clear text; every other provider gets it anonymised." }),
  apiKey: z
    .string()
    .min(1)
    .max(MAX_API_KEY_LENGTH)
    .nullable()
    .optional()
    .openapi({ format: "password", description: "Write-only. Omitted: the stored key is kept (only if the base URL keeps its origin); null: removed." }),
};

export const LlmProviderInputSchema = z
  .object({
    ...connectionFields,
    model: modelName.openapi({ example: "llama3.2" }),
    secondOpinionModel: modelName.nullable().optional().openapi({ description: "A stronger model for a second opinion on unsure answers." }),
    embeddingModel: modelName.nullable().optional().openapi({
      example: "nomic-embed-text",
      description:
        "An embedding model: new mail the mailbox lets the provider read (not `headers`) gets a vector, and similar messages also rank by meaning. Omitted or null: off. Not for `anthropic`, which has no embeddings API.",
    }),
    dailyBudget: z.number().int().min(0).max(MAX_DAILY_BUDGET).default(DEFAULT_DAILY_BUDGET).openapi({ description: "Provider calls per day (UTC); 0 pauses it." }),
    enabled: z.boolean().default(true),
    timeoutSeconds: z.number().int().min(MIN_TIMEOUT_SECONDS).max(MAX_TIMEOUT_SECONDS).default(DEFAULT_TIMEOUT_SECONDS),
  })
  .refine((value) => !(value.kind === "anthropic" && value.embeddingModel), {
    path: ["embeddingModel"],
    message: ANTHROPIC_HAS_NO_EMBEDDINGS,
  })
  .openapi("LlmProviderInput");
export type LlmProviderInput = z.input<typeof LlmProviderInputSchema>;

export const VisibilitySchema = z.enum(LLM_VISIBILITIES).openapi({
  description: "`headers`: subject, addresses, date and list headers; `headers_body_start`: and the first 1,500 characters of the body; `full`: the body up to 20,000 characters.",
});

export function toSettingsInput(value: z.output<typeof LlmProviderInputSchema>): LlmSettingsInput {
  return { ...value, secondOpinionModel: value.secondOpinionModel ?? null, embeddingModel: value.embeddingModel ?? null };
}

export type AiFormField = "kind" | "baseUrl" | "apiKey" | "model" | "secondOpinionModel" | "embeddingModel" | "dailyBudget" | "timeoutSeconds";
/** What the form shows again after a refusal (never the key). */
export type AiFormValues = Partial<Record<Exclude<AiFormField, "apiKey"> | "enabled", string>>;

const FORM_FIELDS: readonly AiFormField[] = ["kind", "baseUrl", "apiKey", "model", "secondOpinionModel", "embeddingModel", "dailyBudget", "timeoutSeconds"];

export function formValues(form: Record<string, string | undefined>): AiFormValues {
  const { kind, baseUrl, model, secondOpinionModel, embeddingModel, dailyBudget, timeoutSeconds, enabled } = form;
  return { kind, baseUrl, model, secondOpinionModel, embeddingModel, dailyBudget, timeoutSeconds, enabled: enabled === "true" ? "true" : "false" };
}

const blankToUndefined = (value: string | undefined) => (value?.trim() ? value : undefined);
const integer = (value: string | undefined) => (value?.trim() && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value?.trim() ? Number.NaN : undefined);

/** The key a form submits: a new one, "remove", or keep (nothing typed). */
function formApiKey(form: Record<string, string | undefined>): string | null | undefined {
  if (form.removeApiKey === "true") return null;
  return blankToUndefined(form.apiKey);
}

type FormResult<T> = { ok: true; value: T } | { ok: false; invalid: AiFormField[]; values: AiFormValues };

function invalidFields(error: z.ZodError): AiFormField[] {
  const names = new Set(error.issues.map((issue) => String(issue.path[0])));
  return FORM_FIELDS.filter((name) => names.has(name));
}

/** The whole form, for saving. */
export function parseProviderForm(form: Record<string, string | undefined>): FormResult<LlmSettingsInput> {
  const parsed = LlmProviderInputSchema.safeParse({
    kind: form.kind,
    baseUrl: form.baseUrl ?? "",
    apiKey: formApiKey(form),
    model: form.model ?? "",
    secondOpinionModel: blankToUndefined(form.secondOpinionModel) ?? null,
    embeddingModel: blankToUndefined(form.embeddingModel) ?? null,
    dailyBudget: integer(form.dailyBudget),
    timeoutSeconds: integer(form.timeoutSeconds),
    enabled: form.enabled === "true",
  });
  return parsed.success ? { ok: true, value: toSettingsInput(parsed.data) } : { ok: false, invalid: invalidFields(parsed.error), values: formValues(form) };
}

const ConnectionSchema = z.object(connectionFields);
export type ConnectionInput = z.output<typeof ConnectionSchema>;

/** Just the connection (kind, base URL, key), for loading models and testing before saving. */
export function parseConnectionForm(form: Record<string, string | undefined>): FormResult<ConnectionInput> {
  const parsed = ConnectionSchema.safeParse({ kind: form.kind, baseUrl: form.baseUrl ?? "", apiKey: formApiKey(form) });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, invalid: invalidFields(parsed.error), values: formValues(form) };
}
