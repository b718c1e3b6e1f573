import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deleteLlmSettings, readLlmSettingsSummary, saveLlmSettings } from "../../../../analysis/llm/settings.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { toSettingsInput } from "../../../../analysis/llm/settings-input.ts";
import { llmErrors, LlmProviderInputSchema, LlmProviderSchema, providerJson } from "./llm-provider-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

export const LLM_TAGS = ["AI provider"];

const get = createRoute({
  method: "get",
  path: "/api/v1/llm-provider",
  operationId: "getLlmProvider",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "The signed-in user's AI provider (never the API key)",
  responses: { 200: { description: "The provider", content: { "application/json": { schema: LlmProviderSchema } } }, ...llmErrors },
});

const put = createRoute({
  method: "put",
  path: "/api/v1/llm-provider",
  operationId: "setLlmProvider",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "Sets up or replaces the AI provider",
  description:
    "Not tested on saving (the provider may be down for a while); call `POST /api/v1/llm-provider/test`. `apiKey` is write-only: omit it to keep the stored key " +
    "(kept only while `baseUrl` keeps its origin, so a key never goes to a host it was not given for), `null` to remove it.",
  request: { body: { required: true, content: { "application/json": { schema: LlmProviderInputSchema } } } },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: LlmProviderSchema } } },
    400: errorSpec("Invalid fields (named in the message)"),
    401: llmErrors[401],
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/llm-provider",
  operationId: "deleteLlmProvider",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "Removes the AI provider and its key; the built-in analyser works alone",
  responses: { 204: { description: "Removed" }, ...llmErrors },
});

export function registerLlmProviderApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(get, async (c) => {
    const summary = await readLlmSettingsSummary(sql, actingUser(c).id);
    if (!summary) throw new AppError("NOT_FOUND", "no AI provider is configured");
    return c.json(providerJson(summary), 200);
  });

  app.openapi(put, async (c) => {
    const user = actingUser(c);
    const input = toSettingsInput(c.req.valid("json"));
    const summary = await saveLlmSettings(sql, await requestDataKey(c, services), user.id, input);
    c.get("log").info("llm provider saved", { userId: user.id, kind: input.kind, enabled: input.enabled });
    return c.json(providerJson(summary), 200);
  });

  app.openapi(remove, async (c) => {
    const user = actingUser(c);
    if (!(await deleteLlmSettings(sql, user.id))) throw new AppError("NOT_FOUND", "no AI provider is configured");
    c.get("log").info("llm provider removed", { userId: user.id });
    return c.body(null, 204);
  });
}
