/** What the administration API files share: the keyset page query and cursors (a malformed cursor is BAD_REQUEST), the tag, path ids. */
import { z } from "@hono/zod-openapi";
import { InvalidPageCursorError, pagePosition, type PagePosition } from "../../../../auth/keyset-page.ts";
import { AppError } from "../../../errors.ts";

export { PageQuerySchema } from "./page-query.ts";

export const ADMIN_TAGS = ["Administration"];

export const pageCursors = {
  next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last." }),
  previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first." }),
};

/** Runs a page read, turning a malformed cursor into 400. */
export async function readPage<T>(query: { after?: string; before?: string }, read: (position: PagePosition) => Promise<T>): Promise<T> {
  try {
    return await read(pagePosition(query));
  } catch (error) {
    if (error instanceof InvalidPageCursorError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

/** A path id; one that is not a UUID answers 404 like an unknown one (checked in the handler). */
export const idParam = (name: string) => z.string().openapi({ param: { name, in: "path" }, example: "0b6c8f2e-3c1d-4b7a-9f0e-2d4c6a8b1e3f" });
