/**
 * What the LLM layer works with: a user's provider settings (key decrypted,
 * in memory only), how much of a message an account lets a provider see,
 * and the closed sets of failure reasons.
 */
import type { ProviderKind } from "../types.ts";

export type LlmKind = Exclude<ProviderKind, "local">;
export const LLM_KINDS = ["ollama", "openai", "anthropic"] as const satisfies readonly LlmKind[];

/** What of a message the provider sees, per mail account (`mail_accounts.llm_visibility`). */
export const LLM_VISIBILITIES = ["headers", "headers_body_start", "full"] as const;
export type LlmVisibility = (typeof LLM_VISIBILITIES)[number];
export const DEFAULT_LLM_VISIBILITY: LlmVisibility = "headers_body_start";

/** A user's provider, as analysis needs it. Never logged: `apiKey` is the clear key. */
export interface LlmSettings {
  userId: string;
  kind: LlmKind;
  /** http(s), no trailing slash, no credentials (see base-url.ts). */
  baseUrl: string;
  model: string;
  secondOpinionModel: string | null;
  /** The model asked for embeddings of new mail (similar messages); null: none. */
  embeddingModel: string | null;
  apiKey: string | null;
  dailyBudget: number;
  enabled: boolean;
  timeoutSeconds: number;
}

/** Just what talking to a provider needs (the settings page tests unsaved values with it). */
export type ProviderConnection = Pick<LlmSettings, "kind" | "baseUrl" | "apiKey" | "timeoutSeconds">;

/**
 * Why talking to a provider failed:
 * - `unreachable`: no connection (refused, unknown host, reset);
 * - `tls`: the certificate was refused;
 * - `timeout`: no (complete) answer within the timeout;
 * - `unauthorized`: 401/403, the key is missing or wrong;
 * - `not_found`: 404, wrong base URL or unknown model;
 * - `http_error`: any other non-2xx status;
 * - `bad_response`: 2xx, but not the JSON the API documents;
 * - `aborted`: the caller's signal stopped it (shutdown).
 */
export const TRANSPORT_FAILURES = ["unreachable", "tls", "timeout", "unauthorized", "not_found", "http_error", "bad_response", "aborted"] as const;
export type TransportFailure = (typeof TRANSPORT_FAILURES)[number];

/** Why analysing failed: a transport failure, or an answer that is not valid JSON of the answer schema. */
export type LlmFailure = TransportFailure | "invalid_output";

export interface TransportError {
  ok: false;
  reason: TransportFailure;
  /** Technical detail for the user (status, error code); never a prompt, a key or mail text. */
  detail: string;
  /** The HTTP status, when the server answered. */
  status?: number;
}
