/**
 * JSON: address-book suggestions for a recipient field, as the compose
 * page's completion (/compose/addresses) finds them in the user's own mail.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { refreshAddressBook, suggestAddresses } from "../../../../mail/compose/address-book.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";

export const AddressSuggestionSchema = z
  .object({
    name: z.string().openapi({ description: "The display name; empty when none is known", example: "Anna Berger" }),
    address: z.string().openapi({ example: "anna@example.org" }),
    uses: z.number().int().openapi({ description: "How often you wrote to or got mail from it" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("AddressSuggestion");
export const AddressSuggestionListSchema = z.object({ addresses: z.array(AddressSuggestionSchema) }).openapi("AddressSuggestionList");
export type AddressSuggestionList = z.infer<typeof AddressSuggestionListSchema>;

const suggest = createRoute({
  method: "get",
  path: "/api/v1/addresses",
  operationId: "suggestAddresses",
  security: API_SECURITY,
  tags: ["Sending"],
  summary: "Address-book suggestions for what was typed in a recipient field",
  description: "Matches names and addresses from your mail, most used first; a short, bounded list, so not paginated. An empty `q` answers an empty list.",
  request: {
    query: z.object({
      q: z
        .string()
        .max(2000)
        .optional()
        .openapi({ param: { name: "q", in: "query" }, description: "What was typed", example: "ann" }),
    }),
  },
  responses: {
    200: { description: "Suggestions", content: { "application/json": { schema: AddressSuggestionListSchema } } },
    400: errorSpec("`q` too long"),
    401: errorSpec("Not signed in"),
  },
});

export function registerAddressesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(suggest, async (c) => {
    const typed = (c.req.valid("query").q ?? "").trim();
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    await refreshAddressBook(services.sql, dataKey, userId);
    const found = typed.length > 0 ? await suggestAddresses(services.sql, dataKey, userId, typed) : [];
    c.header("Cache-Control", "no-store");
    return c.json({ addresses: found.map((entry) => ({ name: entry.name, address: entry.address, uses: entry.uses, lastUsedAt: entry.lastUsedAt?.toISOString() ?? null })) }, 200);
  });
}
