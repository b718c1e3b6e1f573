/**
 * JSON: signing out every other session, and the browsers remembered for
 * the second factor (the security page's list and "forget"). Only with a
 * session cookie: the scope rule (src/auth/api-token-scopes.ts) refuses
 * tokens with 403 before these handlers run.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { endOtherSessions } from "../../../../auth/sessions.ts";
import { forgetTrustedDevice, listTrustedDevices } from "../../../../auth/trusted-devices.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { pageByTime } from "../../../list-page.ts";
import { actingSession, actingUser } from "../../../middleware/auth.ts";
import { PageQuerySchema } from "./page-query.ts";

const TAGS = ["Account"];
const dateTime = () => z.string().openapi({ format: "date-time" });

export const TrustedDeviceSchema = z
  .object({ id: z.string().openapi({ format: "uuid" }), userAgent: z.string(), createdAt: dateTime(), lastUsedAt: dateTime(), expiresAt: dateTime() })
  .openapi("TrustedDevice");
export const TrustedDeviceListSchema = z
  .object({
    devices: z.array(TrustedDeviceSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first" }),
  })
  .openapi("TrustedDeviceList");
export type TrustedDeviceListJson = z.infer<typeof TrustedDeviceListSchema>;
export const EndedSessionsSchema = z.object({ ended: z.number().int().openapi({ description: "How many sessions were signed out" }) }).openapi("EndedSessions");

const sessionOnly = errorSpec("Called with an API token");

const endOthers = createRoute({
  method: "post",
  path: "/api/v1/sessions/end-others",
  operationId: "endOtherSessions",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Signs out every session but this one",
  responses: { 200: { description: "Done", content: { "application/json": { schema: EndedSessionsSchema } } }, 401: errorSpec("Not signed in"), 403: sessionOnly },
});

const list = createRoute({
  method: "get",
  path: "/api/v1/trusted-devices",
  operationId: "listTrustedDevices",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Browsers that skip the second factor at sign-in, last used first",
  request: {
    query: PageQuerySchema.extend({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .default(50)
        .openapi({ param: { name: "limit", in: "query" }, description: "Devices per page (1–100, default 50)" }),
    }),
  },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: TrustedDeviceListSchema } } },
    400: errorSpec("Malformed cursor or limit"),
    401: errorSpec("Not signed in"),
    403: sessionOnly,
  },
});

const forget = createRoute({
  method: "delete",
  path: "/api/v1/trusted-devices/{deviceId}",
  operationId: "forgetTrustedDevice",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Forgets a browser: its next sign-in asks for the second factor again",
  request: { params: z.object({ deviceId: z.string().openapi({ param: { name: "deviceId", in: "path" }, format: "uuid" }) }) },
  responses: { 204: { description: "Forgotten" }, 401: errorSpec("Not signed in"), 403: sessionOnly, 404: errorSpec("No such device of yours") },
});

export function registerDevicesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(endOthers, async (c) => {
    const user = actingUser(c);
    const ended = await endOtherSessions(services.sql, user.id, actingSession(c).id);
    c.get("log").info("other sessions ended by their user", { userId: user.id });
    return c.json({ ended }, 200);
  });

  app.openapi(list, async (c) => {
    const devices = await listTrustedDevices(services.sql, actingUser(c).id);
    const page = pageByTime(devices, (device) => device.lastUsedAt, c.req.valid("query"));
    c.header("Cache-Control", "no-store");
    const at = (date: Date) => date.toISOString();
    return c.json(
      {
        devices: page.items.map((device) => ({ id: device.id, userAgent: device.userAgent, createdAt: at(device.createdAt), lastUsedAt: at(device.lastUsedAt), expiresAt: at(device.expiresAt) })),
        next: page.next,
        previous: page.previous,
      },
      200,
    );
  });

  app.openapi(forget, async (c) => {
    const user = actingUser(c);
    if (!(await forgetTrustedDevice(services.sql, user.id, c.req.valid("param").deviceId))) throw new AppError("NOT_FOUND", "no such device");
    c.get("log").info("trusted device forgotten by its user", { userId: user.id });
    return c.body(null, 204);
  });
}
