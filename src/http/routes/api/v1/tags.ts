/** The user's tags over JSON: list, create, rename/recolour, delete, merge. Another user's tag id answers 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as v from "valibot";
import type { Services } from "../../../../services.ts";
import { deleteTag, mergeTags } from "../../../../tags/delete-merge.ts";
import { createTag, listTags, updateTag, type TagResult } from "../../../../tags/store.ts";
import { TagNameSchema } from "../../../../tags/tag-name.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { CreateTagSchema, idParam, MergeTagSchema, TAG_API_TAGS, TagRemovalSchema, TagSchema, UpdateTagSchema } from "./tags-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const list = createRoute({
  method: "get",
  path: "/api/v1/tags",
  operationId: "listTags",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Your tags, by name",
  responses: { 200: { description: "Every tag with its message count", ...json(z.object({ tags: z.array(TagSchema) })) }, 401: errorSpec("Not signed in") },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/tags",
  operationId: "createTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Creates a tag",
  request: { body: { ...json(CreateTagSchema), required: true } },
  responses: {
    201: { description: "Created", ...json(TagSchema) },
    400: errorSpec("No name, or one too long"),
    401: errorSpec("Not signed in"),
    409: errorSpec("You have a tag of that name (any letter case), or as many tags as allowed"),
  },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/tags/{tagId}",
  operationId: "updateTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Renames and/or recolours a tag",
  description: "The keyword on the mail server stays as it was made, so other mail clients keep finding the tag.",
  request: { params: z.object({ tagId: idParam("tagId") }), body: { ...json(UpdateTagSchema), required: true } },
  responses: {
    200: { description: "The tag as it now is", ...json(TagSchema) },
    400: errorSpec("A name empty or too long"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such tag of yours"),
    409: errorSpec("Another tag of yours has that name"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/tags/{tagId}",
  operationId: "deleteTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Deletes a tag",
  description: "Takes it off every message, and its keyword off the mail server (journaled; the returned action undoes the keyword removal).",
  request: { params: z.object({ tagId: idParam("tagId") }) },
  responses: { 200: { description: "Deleted", ...json(TagRemovalSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such tag of yours") },
});

const merge = createRoute({
  method: "post",
  path: "/api/v1/tags/{tagId}/merge",
  operationId: "mergeTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Merges a tag into another",
  description: "Every message with this tag gets `into`; this tag is then deleted. Keywords on the server follow, as one batch.",
  request: { params: z.object({ tagId: idParam("tagId") }), body: { ...json(MergeTagSchema), required: true } },
  responses: {
    200: { description: "Merged", ...json(TagRemovalSchema) },
    400: errorSpec("`into` is the same tag"),
    401: errorSpec("Not signed in"),
    404: errorSpec("Either tag is not yours"),
  },
});

/** A name as the pages clean it; too long after cleaning is BAD_REQUEST. */
function cleanName(name: string): string {
  const parsed = v.safeParse(TagNameSchema, name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `name: ${parsed.issues[0]!.message}`);
  return parsed.output;
}

function refuse(result: Extract<TagResult, { ok: false }>): never {
  if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such tag");
  throw new AppError("CONFLICT", result.reason === "duplicate" ? "you have a tag of that name" : "you have as many tags as allowed");
}

export function registerTagsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => c.json({ tags: await listTags(services.sql, await requestDataKey(c, services), actingUser(c).id) }, 200));

  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const result = await createTag(services.sql, await requestDataKey(c, services), actingUser(c).id, cleanName(body.name), body.colour ?? null);
    if (!result.ok) refuse(result);
    return c.json(result.tag, 201);
  });

  app.openapi(update, async (c) => {
    const body = c.req.valid("json");
    const change = { ...(body.name !== undefined && { name: cleanName(body.name) }), ...(body.colour !== undefined && { colour: body.colour }) };
    const result = await updateTag(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").tagId, change);
    if (!result.ok) refuse(result);
    return c.json(result.tag, 200);
  });

  app.openapi(remove, async (c) => {
    const result = await deleteTag(services.sql, actingUser(c).id, c.req.valid("param").tagId);
    if (!result.ok) throw new AppError("NOT_FOUND", "no such tag");
    return c.json({ messages: result.messages, actionId: result.journalId }, 200);
  });

  app.openapi(merge, async (c) => {
    const result = await mergeTags(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").tagId, c.req.valid("json").into);
    if (!result.ok) throw new AppError(result.reason === "same_tag" ? "BAD_REQUEST" : "NOT_FOUND", result.reason === "same_tag" ? "into: another tag than this one" : "no such tag");
    return c.json({ messages: result.messages, actionId: result.journalId }, 200);
  });
}
