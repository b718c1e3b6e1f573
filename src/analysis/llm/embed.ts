/**
 * One message's embedding from the user's provider. What leaves the server
 * follows the chat path's rules (analyse.ts): the account's visibility
 * decides how much of the body, and everything is anonymised unless the
 * provider is an Ollama on loopback. A mailbox that shares only headers
 * gets no embedding at all: a subject alone says little more than the
 * local ranking's shared words, and "headers only" reads to people as
 * "not what my mail says". Nothing here logs.
 */
import type { AnalysisInput } from "../types.ts";
import { clearText, createAnonymiser } from "./anonymise.ts";
import { isLocalProvider } from "./base-url.ts";
import { EMBEDDING_INPUT_CHARS } from "./limits.ts";
import { bodyCharsFor, peopleOf, renderForEmbedding } from "./message-view.ts";
import { providerFor, type ProviderCall } from "./providers/index.ts";
import type { LlmSettings, LlmVisibility, TransportFailure } from "./types.ts";

/** Why no embedding was made: the provider failed, the kind has no embeddings API, or the mailbox shares only headers. */
export type EmbeddingFailure = TransportFailure | "no_embeddings_api" | "not_shared";

export type EmbeddingResult = { ok: true; vector: Float32Array; model: string } | { ok: false; reason: EmbeddingFailure; detail: string };

/** The text sent for the message, or null when its account lets the provider see only headers. */
export function embeddingInput(settings: LlmSettings, input: AnalysisInput, visibility: LlmVisibility): string | null {
  if (visibility === "headers") return null;
  const anonymiser = isLocalProvider(settings) ? clearText : createAnonymiser(peopleOf([input]));
  return renderForEmbedding(input, { bodyChars: Math.min(bodyCharsFor(visibility), EMBEDDING_INPUT_CHARS), anonymiser });
}

/**
 * @example
 *   const result = await embedWithLlm(settings, input, { visibility: "full", outbound });
 *   if (result.ok) await saveEmbedding(sql, dataKey, userId, messageId, result.model, result.vector);
 */
export async function embedWithLlm(settings: LlmSettings, input: AnalysisInput, options: ProviderCall & { visibility: LlmVisibility }): Promise<EmbeddingResult> {
  const provider = providerFor(settings.kind);
  if (!settings.embeddingModel || !provider.embed) return { ok: false, reason: "no_embeddings_api", detail: "the provider has no embedding model" };
  const text = embeddingInput(settings, input, options.visibility);
  if (text === null) return { ok: false, reason: "not_shared", detail: "the mailbox shares only headers" };
  const answer = await provider.embed(settings, { model: settings.embeddingModel, input: text }, { outbound: options.outbound, signal: options.signal });
  return answer.ok ? { ok: true, vector: Float32Array.from(answer.vector), model: settings.embeddingModel } : answer;
}
