import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { addVipSender, listVipSenders, MAX_VIP_SENDERS, removeVipSender } from "../../../../senders/vip.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { NewVipSenderSchema, VipSenderAddedSchema, VipSenderListSchema, vipSenderJson } from "./vip-senders-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const INVALID = { empty: "value is empty", invalid_address: "value is not a valid email address", invalid_domain: "value is not a valid domain" } as const;

const list = createRoute({
  method: "get",
  path: "/api/v1/vip-senders",
  operationId: "listVipSenders",
  security: API_SECURITY,
  tags: ["Analysis"],
  summary: "Your VIP and trusted senders",
  description: "Mail from these addresses and domains (with subdomains) is never spam, of high importance and loads remote content, unless the receiving server found the From address forged.",
  responses: { 200: { description: "Domains first, then addresses, each by value", content: { "application/json": { schema: VipSenderListSchema } } }, 401: errorSpec("Not signed in") },
});

const add = createRoute({
  method: "post",
  path: "/api/v1/vip-senders",
  operationId: "createVipSender",
  security: API_SECURITY,
  tags: ["Analysis"],
  summary: "Adds an address or a domain",
  description: `Mail the entry covers is analysed again (an address: its recent mail; a domain: your most recent mail). At most ${MAX_VIP_SENDERS} entries.`,
  request: { body: { required: true, content: { "application/json": { schema: NewVipSenderSchema } } } },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: VipSenderAddedSchema } } },
    200: { description: "Already listed: the existing entry", content: { "application/json": { schema: VipSenderAddedSchema } } },
    400: errorSpec("Not a valid address or domain"),
    401: errorSpec("Not signed in"),
    409: errorSpec("The list is full"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/vip-senders/{vipSenderId}",
  operationId: "deleteVipSender",
  security: API_SECURITY,
  tags: ["Analysis"],
  summary: "Removes an entry",
  request: { params: z.object({ vipSenderId: z.string().openapi({ param: { name: "vipSenderId", in: "path" }, format: "uuid" }) }) },
  responses: { 204: { description: "Removed" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such entry of yours") },
});

export function registerVipSendersApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const senders = await listVipSenders(services.sql, await requestDataKey(c, services), actingUser(c).id);
    return c.json({ vipSenders: senders.map(vipSenderJson) }, 200);
  });

  app.openapi(add, async (c) => {
    const { kind, value } = c.req.valid("json");
    const result = await addVipSender(services.sql, await requestDataKey(c, services), actingUser(c).id, value, kind);
    if (result.outcome === "invalid") throw new AppError("BAD_REQUEST", INVALID[result.reason]);
    if (result.outcome === "full") throw new AppError("CONFLICT", `at most ${MAX_VIP_SENDERS} VIP senders`);
    return result.outcome === "added" ? c.json({ vipSender: vipSenderJson(result.sender), created: true }, 201) : c.json({ vipSender: vipSenderJson(result.sender), created: false }, 200);
  });

  app.openapi(remove, async (c) => {
    // Scoped by the acting user: another user's id (or no id at all) removes nothing and answers 404.
    const removed = await removeVipSender(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").vipSenderId);
    if (!removed) throw new AppError("NOT_FOUND", "no such VIP sender");
    return c.body(null, 204);
  });
}
