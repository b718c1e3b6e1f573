import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { endSession, listSessions } from "../../../../auth/sessions.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, ErrorEnvelopeSchema } from "../../../errors.ts";
import { actingSession, actingUser } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";

export const SessionSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{64}$/),
    current: z.boolean(),
    userAgent: z.string(),
    clientAddress: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    lastSeenAt: z.string().openapi({ format: "date-time" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Session");
export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) }).openapi("SessionList");
export type SessionList = z.infer<typeof SessionListSchema>;

const errors = {
  401: { description: "Not signed in", content: { "application/json": { schema: ErrorEnvelopeSchema } } },
  404: { description: "No such session of yours", content: { "application/json": { schema: ErrorEnvelopeSchema } } },
} as const;

const list = createRoute({
  method: "get",
  path: "/api/v1/sessions",
  operationId: "listSessions",
  security: API_SECURITY,
  tags: ["Account"],
  summary: "The signed-in user's sessions (devices)",
  responses: { 200: { description: "Sessions, most recently active first", content: { "application/json": { schema: SessionListSchema } } }, 401: errors[401] },
});

const end = createRoute({
  method: "delete",
  path: "/api/v1/sessions/{sessionId}",
  operationId: "deleteSession",
  security: API_SECURITY,
  tags: ["Account"],
  summary: "Signs out one of the user's other devices",
  request: { params: z.object({ sessionId: z.string().openapi({ param: { name: "sessionId", in: "path" }, example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }) }) },
  responses: { 204: { description: "Ended" }, ...errors },
});

export function registerSessionsApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(list, async (c) => {
    const current = actingSession(c).id;
    const sessions = await listSessions(sql, actingUser(c).id);
    return c.json(
      {
        sessions: sessions.map((session) => ({
          id: session.id,
          current: session.id === current,
          userAgent: session.userAgent,
          clientAddress: session.clientAddress,
          createdAt: session.createdAt.toISOString(),
          lastSeenAt: session.lastSeenAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(end, async (c) => {
    const { sessionId } = c.req.valid("param");
    // Scoped by the acting user: another user's session id matches nothing and answers 404.
    if (sessionId === actingSession(c).id || !(await endSession(sql, actingUser(c).id, sessionId))) throw new AppError("NOT_FOUND", "no such session");
    return c.body(null, 204);
  });
}
