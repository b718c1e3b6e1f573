/**
 * Ollama's own API: POST /api/chat with the answer's JSON schema as
 * `format` (Ollama constrains decoding to it) and `stream: false`; the
 * models from GET /api/tags. A key, if one is set, goes as a bearer token
 * (for an Ollama behind an authenticating proxy). Embeddings from
 * POST /api/embed ({ model, input } → { embeddings: [[…]] }).
 */
import * as v from "valibot";
import { CONNECTION_TEST_TIMEOUT_MS } from "../limits.ts";
import { exchangeJson } from "../transport.ts";
import { badResponse, bearerAuthorization, embeddingVector, modelNames, tokenUsage, type LlmProvider } from "./provider.ts";

/** The numbers are checked by embeddingVector. */
const Embeddings = v.object({ embeddings: v.pipe(v.array(v.unknown()), v.minLength(1)) });
const ChatAnswer = v.object({ message: v.object({ content: v.string() }) });
/** Names of any type: modelNames keeps the ones that look like model ids. */
const Tags = v.object({ models: v.array(v.object({ name: v.unknown() })) });

const endpoint = (baseUrl: string, path: string) => baseUrl.replace(/\/+$/, "") + path;

export const ollama: LlmProvider = {
  async chat(connection, request, { outbound, signal }) {
    const answer = await exchangeJson(endpoint(connection.baseUrl, "/api/chat"), {
      headers: bearerAuthorization(connection),
      body: {
        model: request.model,
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.user },
        ],
        format: request.schema,
        stream: false,
        options: { temperature: 0 },
      },
      timeoutMs: connection.timeoutSeconds * 1000,
      outbound,
      signal,
    });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(ChatAnswer, answer.json);
    return parsed.success ? { ok: true, text: parsed.output.message.content, usage: tokenUsage(answer.json, "prompt_eval_count", "eval_count") } : badResponse("no message in the answer");
  },

  async listModels(connection, { outbound, signal }) {
    const answer = await exchangeJson(endpoint(connection.baseUrl, "/api/tags"), { headers: bearerAuthorization(connection), timeoutMs: CONNECTION_TEST_TIMEOUT_MS, outbound, signal });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Tags, answer.json);
    return parsed.success ? { ok: true, models: modelNames(parsed.output.models.map((model) => model.name)) } : badResponse("not an Ollama model list");
  },

  async embed(connection, request, { outbound, signal }) {
    const answer = await exchangeJson(endpoint(connection.baseUrl, "/api/embed"), {
      headers: bearerAuthorization(connection),
      body: { model: request.model, input: request.input },
      timeoutMs: connection.timeoutSeconds * 1000,
      outbound,
      signal,
    });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Embeddings, answer.json);
    return parsed.success ? embeddingVector(parsed.output.embeddings[0]) : badResponse("not an Ollama embedding");
  },
};
