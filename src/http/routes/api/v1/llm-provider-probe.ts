import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { loadLlmSettings } from "../../../../analysis/llm/settings.ts";
import { providerFor, testConnection } from "../../../../analysis/llm/providers/index.ts";
import type { LlmSettings } from "../../../../analysis/llm/types.ts";
import type { Context } from "hono";
import { loadOutboundPolicy } from "../../../../net/allowed-targets-store.ts";
import { claimConnectionTestOrRefuse, visibleTransportFailure } from "../../../connection-tests.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { LLM_TAGS } from "./llm-provider.ts";
import { ConnectionTestSchema, llmErrors, ModelListSchema } from "./llm-provider-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TOO_MANY_TESTS = errorSpec("More connection tests than allowed per minute (`RATE_LIMITED`); wait the seconds in `Retry-After`");

const test = createRoute({
  method: "post",
  path: "/api/v1/llm-provider/test",
  operationId: "testLlmProvider",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "Tests the stored provider: reachable, TLS accepted, key accepted, model offered",
  description:
    "A failed test is still 200, with `ok: false` and the reason code. No mail is sent. Every way of not getting a connection (an address the outbound policy refuses, " +
    "an unknown name, a closed port, a time-out, a refused certificate) is `unreachable` with the same detail, except for administrators.",
  responses: { 200: { description: "The outcome", content: { "application/json": { schema: ConnectionTestSchema } } }, 429: TOO_MANY_TESTS, ...llmErrors },
});

const models = createRoute({
  method: "get",
  path: "/api/v1/llm-provider/models",
  operationId: "listLlmProviderModels",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "The models the stored provider offers",
  description:
    "When the provider cannot be asked, 400 `BAD_REQUEST` whose message starts with the reason code and a colon (`unreachable: …`, `unauthorized: …`), like a refused mail account connection.",
  responses: {
    200: { description: "Model names, sorted", content: { "application/json": { schema: ModelListSchema } } },
    400: errorSpec("The provider could not be asked (the message starts with the reason code)"),
    429: TOO_MANY_TESTS,
    ...llmErrors,
  },
});

async function storedSettings(c: Context<AppEnv>, services: Services): Promise<LlmSettings> {
  const settings = await loadLlmSettings(services.sql, await requestDataKey(c, services), actingUser(c).id);
  if (!settings) throw new AppError("NOT_FOUND", "no AI provider is configured");
  return settings;
}

export function registerLlmProviderProbeApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(test, async (c) => {
    const settings = await storedSettings(c, services);
    await claimConnectionTestOrRefuse(c, services);
    const result = await testConnection(settings, settings.model, { outbound: await loadOutboundPolicy(services.sql), signal: c.req.raw.signal });
    c.get("log").info("llm connection tested", { userId: settings.userId, kind: settings.kind, outcome: result.ok ? "ok" : result.reason });
    return c.json(
      result.ok
        ? { ok: true, reason: null, detail: null, models: result.models, modelAvailable: result.modelAvailable }
        : { ok: false, ...visibleTransportFailure(c, { reason: result.reason, detail: result.detail }), models: [], modelAvailable: null },
      200,
    );
  });

  app.openapi(models, async (c) => {
    const settings = await storedSettings(c, services);
    await claimConnectionTestOrRefuse(c, services);
    const list = await providerFor(settings.kind).listModels(settings, { outbound: await loadOutboundPolicy(services.sql), signal: c.req.raw.signal });
    if (!list.ok) {
      const { reason, detail } = visibleTransportFailure(c, list);
      throw new AppError("BAD_REQUEST", `${reason}: ${detail}`);
    }
    return c.json({ models: list.models }, 200);
  });
}
