/** What every provider kind implements: one chat turn that returns text, the list of its models, and (where the API has one) an embedding. */
import type { OutboundPolicy } from "../../../net/outbound-policy.ts";
import { MAX_EMBEDDING_DIMENSIONS, MAX_LISTED_MODELS } from "../limits.ts";
import type { ProviderConnection, TransportError } from "../types.ts";

export interface ChatRequest {
  model: string;
  system: string;
  user: string;
  /** The answer's JSON schema, for providers that can constrain their output with it. */
  schema: Record<string, unknown>;
}

export interface EmbedRequest {
  model: string;
  /** What the message's mailbox lets the provider read, anonymised as for chat (src/analysis/llm/embed.ts). */
  input: string;
}

/** Tokens as the provider counted them, for the metrics; absent when the answer does not say. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export type ChatResult = { ok: true; text: string; usage?: TokenUsage } | TransportError;
export type EmbedResult = { ok: true; vector: number[] } | TransportError;
export type ModelList = { ok: true; models: string[] } | TransportError;

/** What every call needs besides the connection: where the server may connect, and the caller's signal (shutdown). */
export interface ProviderCall {
  outbound: OutboundPolicy;
  signal?: AbortSignal;
}

export interface LlmProvider {
  /** One request, no tools, no streaming; times out after the connection's `timeoutSeconds`. */
  chat(connection: ProviderConnection, request: ChatRequest, call: ProviderCall): Promise<ChatResult>;
  listModels(connection: ProviderConnection, call: ProviderCall): Promise<ModelList>;
  /** One embedding, same transport and time-out as chat. Absent for Anthropic, whose API has none. */
  embed?(connection: ProviderConnection, request: EmbedRequest, call: ProviderCall): Promise<EmbedResult>;
}

/** The API key as a bearer token (Ollama behind a proxy and OpenAI-compatible servers), or no header without one. */
export const bearerAuthorization = ({ apiKey }: ProviderConnection): Record<string, string> => (apiKey ? { Authorization: `Bearer ${apiKey}` } : {});

/**
 * The two counts from the object of the answer that holds them, if both are
 * non-negative integers (they only feed metrics, so anything else is dropped).
 *
 * @example
 *   tokenUsage(json.usage, "prompt_tokens", "completion_tokens") // OpenAI
 */
export function tokenUsage(holder: unknown, prompt: string, completion: string): TokenUsage | undefined {
  const node = typeof holder === "object" && holder !== null ? (holder as Record<string, unknown>) : undefined;
  const count = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined);
  const promptTokens = count(node?.[prompt]);
  const completionTokens = count(node?.[completion]);
  return promptTokens === undefined || completionTokens === undefined ? undefined : { promptTokens, completionTokens };
}

export const badResponse = (detail: string): TransportError => ({ ok: false, reason: "bad_response", detail });

/**
 * What a model id looks like at every provider (`llama3.2:latest`,
 * `gpt-4o-mini`, `claude-sonnet-4-5@20250929`, `library/qwen2.5:7b`): the
 * only thing of a provider's answer a probe passes on, so a service that
 * merely looks like a model list cannot be read back through it.
 */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;

/** Ids only (other strings dropped), without duplicates, sorted, at most MAX_LISTED_MODELS. */
export function modelNames(names: unknown[]): string[] {
  const ids = names.filter((name): name is string => typeof name === "string" && MODEL_ID.test(name));
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b)).slice(0, MAX_LISTED_MODELS);
}

/**
 * The provider's vector, if it is one: finite numbers, not all zero (a zero
 * vector has no direction to compare), at most MAX_EMBEDDING_DIMENSIONS. A
 * broken or hostile server must not store junk that later poisons cosine.
 */
export function embeddingVector(value: unknown): EmbedResult {
  if (!Array.isArray(value) || value.length === 0) return badResponse("no embedding in the answer");
  if (value.length > MAX_EMBEDDING_DIMENSIONS) return badResponse(`the embedding has more than ${MAX_EMBEDDING_DIMENSIONS} dimensions`);
  if (!value.every((x): x is number => typeof x === "number" && Number.isFinite(x))) return badResponse("the embedding is not a list of finite numbers");
  if (value.every((x) => x === 0)) return badResponse("the embedding is all zeros");
  return { ok: true, vector: value };
}
