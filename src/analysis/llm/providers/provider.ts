/** What every provider kind implements: one chat turn that returns text, and the list of its models. */
import type { ProviderConnection, TransportError } from "../types.ts";

export interface ChatRequest {
  model: string;
  system: string;
  user: string;
  /** The answer's JSON schema, for providers that can constrain their output with it. */
  schema: Record<string, unknown>;
}

export type ChatResult = { ok: true; text: string } | TransportError;
export type ModelList = { ok: true; models: string[] } | TransportError;

export interface LlmProvider {
  /** One request, no tools, no streaming; times out after the connection's `timeoutSeconds`. */
  chat(connection: ProviderConnection, request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
  listModels(connection: ProviderConnection, signal?: AbortSignal): Promise<ModelList>;
}

/** The API key as a bearer token (Ollama behind a proxy and OpenAI-compatible servers), or no header without one. */
export const bearerAuthorization = ({ apiKey }: ProviderConnection): Record<string, string> => (apiKey ? { Authorization: `Bearer ${apiKey}` } : {});

export const badResponse = (detail: string): TransportError => ({ ok: false, reason: "bad_response", detail });

/** Names sorted and without duplicates, as the settings page lists them. */
export function modelNames(names: string[]): string[] {
  return [...new Set(names.filter((name) => name.length > 0 && name.length <= 200))].sort((a, b) => a.localeCompare(b));
}
