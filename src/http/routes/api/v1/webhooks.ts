/**
 * /api/v1/webhooks: the user's signed webhooks (src/webhooks/): list,
 * register (the secret is in that answer only), read, change (pause,
 * resume, re-enable), delete, rotate the secret, and the deliveries.
 * Another user's id answers 404 like one that does not exist.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listDeliveries } from "../../../../webhooks/deliveries.ts";
import { MAX_WEBHOOKS_PER_USER, RECENT_DELIVERIES } from "../../../../webhooks/limits.ts";
import { createWebhook, deleteWebhook, getWebhook, InvalidCursorError, listWebhooks, rotateWebhookSecret, updateWebhook, type Webhook, type WebhookRefusal } from "../../../../webhooks/store.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { NewWebhookSchema, WebhookChangeSchema, WebhookDeliveryListSchema, WebhookListSchema, WebhookSchema, WebhookWithSecretSchema, deliveryJson, webhookJson } from "./webhooks-schemas.ts";

const TAGS = ["Webhooks"];
const SECURITY: Record<string, string[]>[] = [{ cookieSession: [] }, { bearerToken: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const webhookIdParam = z.object({ webhookId: z.string().openapi({ param: { name: "webhookId", in: "path" }, format: "uuid" }) });
const query = (name: string, description: string) =>
  z
    .string()
    .optional()
    .openapi({ param: { name, in: "query" }, description });
const pageQuery = (limitMax: number) =>
  z.object({
    after: query("after", "The `next` cursor of the page before"),
    before: query("before", "The `previous` cursor of the page after"),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(limitMax)
      .optional()
      .openapi({ param: { name: "limit", in: "query" }, description: `At most ${limitMax}` }),
  });

const REFUSALS: Record<Extract<WebhookRefusal, { outcome: "refused" }>["reason"], string> = {
  invalid: "url is not a valid URL",
  scheme: "url must use https (http only for a target the administrator allowed)",
  credentials: "url must not contain a user name or password",
  not_allowed: "url points to an address that is not allowed (loopback, private, link-local or metadata); an administrator can allow it",
  dns_failed: "the host name of url did not resolve",
};

function refused(refusal: WebhookRefusal): never {
  if (refusal.outcome === "full") throw new AppError("CONFLICT", `at most ${MAX_WEBHOOKS_PER_USER} webhooks`);
  throw new AppError("BAD_REQUEST", REFUSALS[refusal.reason]);
}

const badCursor = (error: unknown): never => {
  if (error instanceof InvalidCursorError) throw new AppError("BAD_REQUEST", "after/before: not a cursor from this list");
  throw error;
};

const list = createRoute({
  method: "get",
  path: "/api/v1/webhooks",
  operationId: "listWebhooks",
  tags: TAGS,
  summary: "Your webhooks",
  security: SECURITY,
  request: { query: pageQuery(MAX_WEBHOOKS_PER_USER) },
  responses: { 200: { description: "Oldest first", ...json(WebhookListSchema) }, 400: errorSpec("A malformed cursor or limit"), 401: errorSpec("Not signed in") },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/webhooks",
  operationId: "createWebhook",
  tags: TAGS,
  summary: "Registers a webhook",
  description: `The URL must pass the outbound-target policy (no internal addresses unless an administrator allowed them). The answer carries the signing secret, shown this once. At most ${MAX_WEBHOOKS_PER_USER} webhooks.`,
  security: SECURITY,
  request: { body: { required: true, ...json(NewWebhookSchema) } },
  responses: {
    201: { description: "Registered, with its secret", ...json(WebhookWithSecretSchema) },
    400: errorSpec("Invalid input, or a URL the policy refuses"),
    401: errorSpec("Not signed in"),
    409: errorSpec("You have the most webhooks allowed"),
  },
});

const show = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{webhookId}",
  operationId: "getWebhook",
  tags: TAGS,
  summary: "One webhook",
  security: SECURITY,
  request: { params: webhookIdParam },
  responses: { 200: { description: "The webhook", ...json(WebhookSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such webhook of yours") },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/webhooks/{webhookId}",
  operationId: "updateWebhook",
  tags: TAGS,
  summary: "Changes, pauses or resumes a webhook",
  description: "A new URL is checked like a new webhook's. `enabled: true` also re-enables a webhook disabled after repeated failures.",
  security: SECURITY,
  request: { params: webhookIdParam, body: { required: true, ...json(WebhookChangeSchema) } },
  responses: {
    200: { description: "The webhook as it now is", ...json(WebhookSchema) },
    400: errorSpec("Invalid input, or a URL the policy refuses"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such webhook of yours"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/webhooks/{webhookId}",
  operationId: "deleteWebhook",
  tags: TAGS,
  summary: "Deletes a webhook and its deliveries",
  security: SECURITY,
  request: { params: webhookIdParam },
  responses: { 204: { description: "Deleted" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such webhook of yours") },
});

const rotate = createRoute({
  method: "post",
  path: "/api/v1/webhooks/{webhookId}/rotate-secret",
  operationId: "rotateWebhookSecret",
  tags: TAGS,
  summary: "Rotates the signing secret",
  description: "The new secret is in this answer only. For 24 hours deliveries carry two signatures, one with the old and one with the new secret.",
  security: SECURITY,
  request: { params: webhookIdParam },
  responses: { 200: { description: "The new secret", ...json(WebhookWithSecretSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such webhook of yours") },
});

const deliveries = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{webhookId}/deliveries",
  operationId: "listWebhookDeliveries",
  tags: TAGS,
  summary: "The webhook's deliveries, newest first",
  security: SECURITY,
  request: { params: webhookIdParam, query: pageQuery(100) },
  responses: {
    200: { description: `${RECENT_DELIVERIES} per page unless \`limit\` says otherwise`, ...json(WebhookDeliveryListSchema) },
    400: errorSpec("A malformed cursor or limit"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such webhook of yours"),
  },
});

const notFound = (): never => {
  throw new AppError("NOT_FOUND", "no such webhook");
};
const found = (hook: Webhook | undefined): Webhook => hook ?? notFound();

export function registerWebhooksApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => {
    const page = await listWebhooks(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("query")).catch(badCursor);
    return c.json({ webhooks: page.webhooks.map(webhookJson), next: page.next, previous: page.previous }, 200);
  });

  app.openapi(create, async (c) => {
    const result = await createWebhook(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("json"));
    if (result.outcome !== "created") refused(result);
    c.header("Cache-Control", "no-store");
    return c.json({ webhook: webhookJson(result.webhook), secret: result.secret }, 201);
  });

  app.openapi(show, async (c) => {
    const hook = found(await getWebhook(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").webhookId));
    return c.json(webhookJson(hook), 200);
  });

  app.openapi(update, async (c) => {
    const result = await updateWebhook(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").webhookId, c.req.valid("json"));
    if (!result) return notFound();
    if (result.outcome !== "updated") refused(result);
    return c.json(webhookJson(result.webhook), 200);
  });

  app.openapi(remove, async (c) => {
    if (!(await deleteWebhook(sql, actingUser(c).id, c.req.valid("param").webhookId))) notFound();
    return c.body(null, 204);
  });

  app.openapi(rotate, async (c) => {
    const rotated = await rotateWebhookSecret(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").webhookId);
    if (!rotated) return notFound();
    c.header("Cache-Control", "no-store");
    return c.json({ webhook: webhookJson(rotated.webhook), secret: rotated.secret }, 200);
  });

  app.openapi(deliveries, async (c) => {
    const userId = actingUser(c).id;
    const hook = found(await getWebhook(sql, await requestDataKey(c, services), userId, c.req.valid("param").webhookId));
    const page = await listDeliveries(sql, userId, hook.id, c.req.valid("query")).catch(badCursor);
    return c.json({ deliveries: page.deliveries.map(deliveryJson), next: page.next, previous: page.previous }, 200);
  });
}
