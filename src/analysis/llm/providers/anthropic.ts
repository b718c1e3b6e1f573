/**
 * Anthropic's Messages API: POST /v1/messages with `x-api-key` and
 * `anthropic-version`; the system prompt in `system`, the mail in the one
 * user turn. The API has no schema-constrained output in this version, so
 * the answer's shape comes from the system prompt and is enforced by
 * output.ts. Models from GET /v1/models.
 */
import * as v from "valibot";
import { apiUrl } from "../base-url.ts";
import { CONNECTION_TEST_TIMEOUT_MS, MAX_ANSWER_TOKENS } from "../limits.ts";
import { exchangeJson } from "../transport.ts";
import type { ProviderConnection } from "../types.ts";
import { badResponse, modelNames, tokenUsage, type LlmProvider } from "./provider.ts";

export const ANTHROPIC_VERSION = "2023-06-01";

const Message = v.object({ content: v.array(v.object({ type: v.string(), text: v.optional(v.string()) })) });
/** Ids of any type: modelNames keeps the ones that look like model ids. */
const Models = v.object({ data: v.array(v.object({ id: v.unknown() })) });

const headers = ({ apiKey }: ProviderConnection): Record<string, string> => ({ "anthropic-version": ANTHROPIC_VERSION, ...(apiKey ? { "x-api-key": apiKey } : {}) });

export const anthropic: LlmProvider = {
  async chat(connection, request, { outbound, signal }) {
    const answer = await exchangeJson(apiUrl(connection.baseUrl, "/v1/messages"), {
      headers: headers(connection),
      body: {
        model: request.model,
        max_tokens: MAX_ANSWER_TOKENS,
        temperature: 0,
        system: request.system,
        messages: [{ role: "user", content: request.user }],
      },
      timeoutMs: connection.timeoutSeconds * 1000,
      outbound,
      signal,
    });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Message, answer.json);
    if (!parsed.success) return badResponse("no content in the answer");
    const text = parsed.output.content
      .filter((block) => block.type === "text")
      .map((block) => block.text ?? "")
      .join("");
    return text ? { ok: true, text, usage: tokenUsage((answer.json as { usage?: unknown }).usage, "input_tokens", "output_tokens") } : badResponse("the answer has no text");
  },

  async listModels(connection, { outbound, signal }) {
    const answer = await exchangeJson(`${apiUrl(connection.baseUrl, "/v1/models")}?limit=1000`, { headers: headers(connection), timeoutMs: CONNECTION_TEST_TIMEOUT_MS, outbound, signal });
    if (!answer.ok) return answer;
    const parsed = v.safeParse(Models, answer.json);
    return parsed.success ? { ok: true, models: modelNames(parsed.output.data.map((model) => model.id)) } : badResponse("not an Anthropic model list");
  },
};
