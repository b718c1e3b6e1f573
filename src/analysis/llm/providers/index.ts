/** The provider of each kind, and the connection test the settings page and API run. */
import type { LlmKind, ProviderConnection, TransportFailure } from "../types.ts";
import { anthropic } from "./anthropic.ts";
import { ollama } from "./ollama.ts";
import { openai } from "./openai.ts";
import { countedProvider } from "./counted.ts";
import type { LlmProvider, ProviderCall } from "./provider.ts";

export type { ChatRequest, ChatResult, EmbedRequest, EmbedResult, LlmProvider, ModelList, ProviderCall } from "./provider.ts";

const PROVIDERS: Record<LlmKind, LlmProvider> = { ollama: countedProvider("ollama", ollama), openai: countedProvider("openai", openai), anthropic: countedProvider("anthropic", anthropic) };

export function providerFor(kind: LlmKind): LlmProvider {
  return PROVIDERS[kind];
}

export type ConnectionTest = { ok: true; models: string[] /** null when no model was named */; modelAvailable: boolean | null } | { ok: false; reason: TransportFailure; detail: string };

/**
 * Reaches the provider and lists its models: proves the address, TLS and
 * the key (all three APIs require the key for the list), and says whether
 * the chosen model is there.
 *
 * @example
 *   await testConnection({ kind: "ollama", baseUrl: "http://127.0.0.1:11434", apiKey: null, timeoutSeconds: 60 }, "llama3.2", { outbound })
 *   // { ok: true, models: ["llama3.2", …], modelAvailable: true } or { ok: false, reason: "unreachable", detail: "cannot connect (ECONNREFUSED)" }
 */
export async function testConnection(connection: ProviderConnection, model: string | null | undefined, call: ProviderCall): Promise<ConnectionTest> {
  const list = await providerFor(connection.kind).listModels(connection, call);
  if (!list.ok) return { ok: false, reason: list.reason, detail: list.detail };
  return { ok: true, models: list.models, modelAvailable: model ? list.models.includes(model) || list.models.includes(`${model}:latest`) : null };
}
