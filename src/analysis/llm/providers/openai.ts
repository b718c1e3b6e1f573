/**
 * Any OpenAI-compatible server (OpenAI, Mistral, LM Studio, vLLM, llama.cpp
 * server…): POST /v1/chat/completions with `response_format` of type
 * `json_schema` (strict). Servers that do not know that type refuse it with
 * 400 or 422; they get one more request with `json_object`, whose shape the
 * system prompt describes. Models from GET /v1/models. Key as bearer token.
 * No temperature is sent: some current models refuse any but their default.
 * Embeddings from POST /v1/embeddings ({ model, input } → { data: [{ embedding }] }).
 */
import * as v from "valibot";
import { apiUrl } from "../base-url.ts";
import { CONNECTION_TEST_TIMEOUT_MS } from "../limits.ts";
import { exchangeJson } from "../transport.ts";
import { badResponse, bearerAuthorization, embeddingVector, modelNames, tokenUsage, type ChatRequest, type LlmProvider } from "./provider.ts";

const Completion = v.object({
  choices: v.pipe(v.array(v.object({ message: v.object({ content: v.nullish(v.string()), refusal: v.nullish(v.string()) }) })), v.minLength(1)),
});
/** The numbers are checked by embeddingVector. */
const Embeddings = v.object({ data: v.pipe(v.array(v.object({ embedding: v.unknown() })), v.minLength(1)) });
/** Ids of any type: modelNames keeps the ones that look like model ids. */
const Models = v.object({ data: v.array(v.object({ id: v.unknown() })) });

function responseFormat(request: ChatRequest, kind: "json_schema" | "json_object") {
  return kind === "json_schema" ? { type: "json_schema", json_schema: { name: "mail_analysis", strict: true, schema: request.schema } } : { type: "json_object" };
}

export const openai: LlmProvider = {
  async chat(connection, request, { outbound, signal }) {
    const deadline = AbortSignal.timeout(connection.timeoutSeconds * 1000);
    const send = (kind: "json_schema" | "json_object") =>
      exchangeJson(apiUrl(connection.baseUrl, "/v1/chat/completions"), {
        headers: bearerAuthorization(connection),
        body: {
          model: request.model,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          response_format: responseFormat(request, kind),
          stream: false,
        },
        // Both requests share one deadline: the fallback does not double the time an analysis may take.
        timeoutMs: connection.timeoutSeconds * 1000,
        outbound,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
    let answer = await send("json_schema");
    if (!answer.ok && (answer.status === 400 || answer.status === 422)) answer = await send("json_object");
    if (!answer.ok) return deadline.aborted && answer.reason === "aborted" && !signal?.aborted ? { ok: false, reason: "timeout", detail: "no answer in time" } : answer;
    const parsed = v.safeParse(Completion, answer.json);
    if (!parsed.success) return badResponse("no choices in the answer");
    const message = parsed.output.choices[0]!.message;
    if (typeof message.content !== "string") return badResponse(message.refusal ? "the model refused" : "the answer has no content");
    return { ok: true, text: message.content, usage: tokenUsage((answer.json as { usage?: unknown }).usage, "prompt_tokens", "completion_tokens") };
  },

  async listModels(connection, { outbound, signal }) {
    const answer = await exchangeJson(apiUrl(connection.baseUrl, "/v1/models"), { headers: bearerAuthorization(connection), timeoutMs: CONNECTION_TEST_TIMEOUT_MS, outbound, signal });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Models, answer.json);
    return parsed.success ? { ok: true, models: modelNames(parsed.output.data.map((model) => model.id)) } : badResponse("not an OpenAI-style model list");
  },

  async embed(connection, request, { outbound, signal }) {
    const answer = await exchangeJson(apiUrl(connection.baseUrl, "/v1/embeddings"), {
      headers: bearerAuthorization(connection),
      // float, not base64: the answer is checked number by number.
      body: { model: request.model, input: request.input, encoding_format: "float" },
      timeoutMs: connection.timeoutSeconds * 1000,
      outbound,
      signal,
    });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Embeddings, answer.json);
    return parsed.success ? embeddingVector(parsed.output.data[0]!.embedding) : badResponse("not an OpenAI-style embedding");
  },
};
