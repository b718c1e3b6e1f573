import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env.ts";
import { ErrorEnvelopeSchema } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";

export const MeSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(["admin", "user"]),
    keyMode: z.enum(["background", "strict"]),
    secondFactor: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Me");
export type Me = z.infer<typeof MeSchema>;

const route = createRoute({
  method: "get",
  path: "/api/v1/me",
  operationId: "getMe",
  security: API_SECURITY,
  tags: ["Account"],
  summary: "The signed-in user",
  responses: {
    200: { description: "The user", content: { "application/json": { schema: MeSchema } } },
    401: { description: "Not signed in", content: { "application/json": { schema: ErrorEnvelopeSchema } } },
  },
});

export function registerMe(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => {
    const user = actingUser(c);
    return c.json(
      {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        keyMode: user.keyMode,
        secondFactor: user.totpEnabled,
        createdAt: user.createdAt.toISOString(),
      },
      200,
    );
  });
}
