/**
 * Suggested tag names over JSON (src/tags/name-queue.ts, name-review.ts):
 * the pending queue, approve (optionally renamed), merge into a tag,
 * reject. Another user's suggestion or tag id answers 404.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as v from "valibot";
import type { Services } from "../../../../services.ts";
import { NAME_SUGGESTION_RETURN_FACTOR, NAME_SUGGESTION_RETURN_MIN_MORE } from "../../../../tags/limits.ts";
import { listNameSuggestions } from "../../../../tags/name-queue.ts";
import { approveNameSuggestion, mergeNameSuggestion, type NameReviewResult, rejectNameSuggestion } from "../../../../tags/name-review.ts";
import { TagNameSchema } from "../../../../tags/tag-name.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { ApproveNameSchema, MergeNameSchema, NameReviewSchema, NameSuggestionListSchema } from "./tag-name-suggestions-schemas.ts";
import { idParam, TAG_API_TAGS } from "./tags-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const params = z.object({ nameSuggestionId: idParam("nameSuggestionId") });

const list = createRoute({
  method: "get",
  path: "/api/v1/tag-name-suggestions",
  operationId: "listTagNameSuggestions",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Suggested tag names waiting for review",
  description: "Names of mailing lists and organisation senders that recurred (or an LLM named) and you have no tag of; most frequent first.",
  responses: { 200: { description: "The pending names", ...json(NameSuggestionListSchema) }, 401: errorSpec("Not signed in") },
});

const approve = createRoute({
  method: "post",
  path: "/api/v1/tag-name-suggestions/{nameSuggestionId}/approve",
  operationId: "approveTagNameSuggestion",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Makes a tag of a suggested name",
  description: "The tag (under `name` when given: a rename) goes on the messages that brought the name, with keyword writes to the server.",
  request: { params, body: { ...json(ApproveNameSchema), required: true } },
  responses: {
    201: { description: "Tag made and applied", ...json(NameReviewSchema) },
    400: errorSpec("A name empty or too long"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such pending suggestion of yours"),
    409: errorSpec("You have a tag of that name, or as many tags as allowed"),
  },
});

const merge = createRoute({
  method: "post",
  path: "/api/v1/tag-name-suggestions/{nameSuggestionId}/merge",
  operationId: "mergeTagNameSuggestion",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Puts a suggested name's messages under one of your tags",
  description: "The name leaves the queue and is not suggested again.",
  request: { params, body: { ...json(MergeNameSchema), required: true } },
  responses: {
    200: { description: "Merged", ...json(NameReviewSchema) },
    400: errorSpec("`into` is not an id"),
    401: errorSpec("Not signed in"),
    404: errorSpec("The suggestion or the tag is not yours"),
  },
});

const reject = createRoute({
  method: "post",
  path: "/api/v1/tag-name-suggestions/{nameSuggestionId}/reject",
  operationId: "rejectTagNameSuggestion",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Rejects a suggested name",
  description: `It returns only if it keeps recurring: when its message count reaches ${NAME_SUGGESTION_RETURN_FACTOR} times the count at rejection, and at least ${NAME_SUGGESTION_RETURN_MIN_MORE} more.`,
  request: { params },
  responses: { 204: { description: "Rejected" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such pending suggestion of yours") },
});

function reviewed(result: NameReviewResult) {
  if (result.ok) return { tagId: result.tagId, messages: result.messages, actionId: result.journalId };
  if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such suggested tag name or tag");
  throw new AppError("CONFLICT", result.reason === "duplicate" ? "you have a tag of that name" : "you have as many tags as allowed");
}

/** A name as the pages clean it; too long after cleaning is BAD_REQUEST. */
function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const parsed = v.safeParse(TagNameSchema, name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `name: ${parsed.issues[0]!.message}`);
  return parsed.output;
}

export function registerTagNameSuggestionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => c.json({ suggestions: await listNameSuggestions(services.sql, await requestDataKey(c, services), actingUser(c).id) }, 200));

  app.openapi(approve, async (c) => {
    const name = cleanName(c.req.valid("json").name);
    const result = await approveNameSuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").nameSuggestionId, name);
    return c.json(reviewed(result), 201);
  });

  app.openapi(merge, async (c) => {
    const result = await mergeNameSuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").nameSuggestionId, c.req.valid("json").into);
    return c.json(reviewed(result), 200);
  });

  app.openapi(reject, async (c) => {
    if (!(await rejectNameSuggestion(services.sql, actingUser(c).id, c.req.valid("param").nameSuggestionId))) throw new AppError("NOT_FOUND", "no such suggested tag name");
    return c.body(null, 204);
  });
}
