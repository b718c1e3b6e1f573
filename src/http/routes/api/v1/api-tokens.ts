/**
 * JSON: the signed-in user's personal API tokens. Only with a session
 * cookie: a token cannot list, create or revoke tokens (the scope rule in
 * src/auth/api-token-scopes.ts answers 403 before these handlers run).
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { API_TOKEN_SCOPES } from "../../../../auth/api-token-scopes.ts";
import {
  API_TOKEN_EXPIRY_DAYS,
  API_TOKEN_NAME_MAX,
  ApiTokenLimitError,
  createApiToken,
  decodeApiTokenCursor,
  DEFAULT_API_TOKEN_EXPIRY_DAYS,
  pageApiTokens,
  revokeApiToken,
  type ApiToken,
  type ApiTokenCursor,
} from "../../../../auth/api-tokens.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { PageQuerySchema } from "./page-query.ts";

const security: Record<string, string[]>[] = [{ cookieSession: [] }, { bearerToken: [] }];
const tags = ["Account"];

export const ApiTokenSchema = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    name: z.string(),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    prefix: z.string().openapi({ description: "`mh_` and the first characters of the secret, to tell tokens apart", example: "mh_3f1c2a9e" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", description: "Coarse: updated at most once a minute; null if never used" }),
    expiresAt: z.string().nullable().openapi({ format: "date-time", description: "Null: never expires" }),
  })
  .openapi("ApiToken");

export const ApiTokenListSchema = z
  .object({
    tokens: z.array(ApiTokenSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first" }),
  })
  .openapi("ApiTokenList");
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;

export const NewApiTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(API_TOKEN_NAME_MAX).openapi({ example: "Backup script" }),
    scopes: z
      .array(z.enum(API_TOKEN_SCOPES))
      .min(1)
      .openapi({ example: ["read"] }),
    expiresInDays: z
      .union([z.literal(API_TOKEN_EXPIRY_DAYS[0]), z.literal(API_TOKEN_EXPIRY_DAYS[1]), z.literal(API_TOKEN_EXPIRY_DAYS[2]), z.null()])
      .default(DEFAULT_API_TOKEN_EXPIRY_DAYS)
      .openapi({ description: "30, 90 (the default) or 365 days; null: never" }),
  })
  .openapi("NewApiToken");

export const CreatedApiTokenSchema = z
  .object({
    token: ApiTokenSchema,
    secret: z.string().openapi({ description: "Send as `Authorization: Bearer <secret>`. Shown only in this answer; store it now." }),
  })
  .openapi("CreatedApiToken");
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

const list = createRoute({
  method: "get",
  path: "/api/v1/api-tokens",
  operationId: "listApiTokens",
  tags,
  security,
  summary: "Your personal API tokens, newest first",
  description: "Only with a signed-in session: an API token cannot list tokens (403).",
  request: { query: PageQuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ApiTokenListSchema } } },
    400: errorSpec("Malformed cursor"),
    401: errorSpec("Not signed in"),
    403: errorSpec("Called with an API token"),
  },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/api-tokens",
  operationId: "createApiToken",
  tags,
  security,
  summary: "Creates a personal API token",
  description: "Only with a signed-in session. The answer holds the secret, which is never shown again. The `admin` scope only for administrators.",
  request: { body: { required: true, content: { "application/json": { schema: NewApiTokenSchema } } } },
  responses: {
    201: { description: "Created; the secret is in this answer only", content: { "application/json": { schema: CreatedApiTokenSchema } } },
    400: errorSpec("Invalid name, scopes or expiry"),
    401: errorSpec("Not signed in"),
    403: errorSpec("Called with an API token, or the admin scope asked for by someone who is no administrator"),
    409: errorSpec("You have the most tokens allowed; revoke one first"),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/api/v1/api-tokens/{apiTokenId}",
  operationId: "revokeApiToken",
  tags,
  security,
  summary: "Revokes one of your API tokens",
  description: "Only with a signed-in session. Takes effect at once: the next request with the token answers 401.",
  request: { params: z.object({ apiTokenId: z.string().openapi({ param: { name: "apiTokenId", in: "path" }, format: "uuid" }) }) },
  responses: {
    204: { description: "Revoked" },
    401: errorSpec("Not signed in"),
    403: errorSpec("Called with an API token"),
    404: errorSpec("No such token of yours"),
  },
});

function tokenJson(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}

function cursor(value: string | undefined, name: string): ApiTokenCursor | undefined {
  if (value === undefined) return undefined;
  const decoded = decodeApiTokenCursor(value);
  if (!decoded) throw new AppError("BAD_REQUEST", `${name}: not a cursor this server made`);
  return decoded;
}

export function registerApiTokensApi(app: OpenAPIHono<AppEnv>, { sql, log }: Services) {
  app.openapi(list, async (c) => {
    const query = c.req.valid("query");
    if (query.after && query.before) throw new AppError("BAD_REQUEST", "after, before: give one of them");
    const page = await pageApiTokens(sql, actingUser(c).id, { after: cursor(query.after, "after"), before: cursor(query.before, "before") });
    return c.json({ tokens: page.tokens.map(tokenJson), next: page.next, previous: page.previous }, 200);
  });

  app.openapi(create, async (c) => {
    const user = actingUser(c);
    const input = c.req.valid("json");
    if (input.scopes.includes("admin") && user.role !== "admin") throw new AppError("FORBIDDEN", "only administrators can grant the admin scope");
    try {
      const { token, secret } = await createApiToken(sql, log, user.id, { name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays });
      return c.json({ token: tokenJson(token), secret }, 201);
    } catch (error) {
      if (error instanceof ApiTokenLimitError) throw new AppError("CONFLICT", error.message);
      throw error;
    }
  });

  app.openapi(revoke, async (c) => {
    // Scoped by the acting user: another user's token id matches nothing and answers 404.
    if (!(await revokeApiToken(sql, log, actingUser(c).id, c.req.valid("param").apiTokenId))) throw new AppError("NOT_FOUND", "no such API token");
    return c.body(null, 204);
  });
}
