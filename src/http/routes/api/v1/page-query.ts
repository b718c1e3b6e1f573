/** The keyset page query every cursor-paginated list takes: `after` (a page's `next`) or `before` (its `previous`). */
import { z } from "@hono/zod-openapi";

const cursorParam = (name: "after" | "before", description: string) =>
  z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name, in: "query" }, description });

export const PageQuerySchema = z.object({
  after: cursorParam("after", "The `next` cursor of the page before"),
  before: cursorParam("before", "The `previous` cursor of the page after"),
});
