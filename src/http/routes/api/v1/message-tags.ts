/**
 * Tags on messages over JSON: read a message's tags and open suggestions,
 * put a tag on (by id, or by name: made when missing) or take it off, the
 * same for up to 500 messages at once, and accept or reject a suggestion.
 * Keywords follow on the server as for the pages (src/tags/assign.ts).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as v from "valibot";
import { isUuid } from "../../../../ids.ts";
import { messageTagState } from "../../../../inbox/message-tags.ts";
import type { Services } from "../../../../services.ts";
import { addTag, removeTag, type TagChange } from "../../../../tags/assign.ts";
import { rejectSuggestion } from "../../../../tags/reject-suggestion.ts";
import { createTag } from "../../../../tags/store.ts";
import { TagNameSchema } from "../../../../tags/tag-name.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { ownMessage, requestDataKey } from "../../../request.ts";
import { AddMessageTagSchema, BulkTagSchema, idParam, MessageTagsSchema, TAG_API_TAGS, TagChangeSchema } from "./tags-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const messageParams = z.object({ messageId: idParam("messageId") });
const messageTagParams = z.object({ messageId: idParam("messageId"), tagId: idParam("tagId") });

const read = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}/tags",
  operationId: "listMessageTags",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "A message's tags and its open tag suggestions",
  request: { params: messageParams },
  responses: { 200: { description: "Tags and suggestions", ...json(MessageTagsSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such message of yours") },
});

const add = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/tags",
  operationId: "addMessageTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Puts a tag on a message",
  description: "By `tagId`, or by `name` (a tag of that name is made when you have none). The keyword follows on the mail server; undo with the returned action.",
  request: { params: messageParams, body: { ...json(AddMessageTagSchema), required: true } },
  responses: {
    200: { description: "Done here; the server write is queued", ...json(TagChangeSchema) },
    400: errorSpec("Neither tagId nor name, or a name too long"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message or tag of yours"),
    409: errorSpec("A new name, and you have as many tags as allowed"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/messages/{messageId}/tags/{tagId}",
  operationId: "removeMessageTag",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Takes a tag off a message",
  request: { params: messageTagParams },
  responses: { 200: { description: "Done here; the server write is queued", ...json(TagChangeSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such message or tag of yours") },
});

const bulk = createRoute({
  method: "post",
  path: "/api/v1/messages/tags",
  operationId: "changeTagOfMessages",
  security: API_SECURITY,
  tags: TAG_API_TAGS,
  summary: "Puts a tag on (or takes it off) up to 500 messages",
  description: "Ids that are not your messages are counted in `notFound`; the server writes form one batch, undone together.",
  request: { body: { ...json(BulkTagSchema), required: true } },
  responses: {
    200: { description: "Done here; the server writes are queued", ...json(TagChangeSchema) },
    400: errorSpec("Bad input"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such tag of yours"),
  },
});

const decide = (kind: "accept" | "reject") =>
  createRoute({
    method: "post",
    path: `/api/v1/messages/{messageId}/tag-suggestions/{tagId}/${kind}`,
    operationId: kind === "accept" ? "acceptTagSuggestion" : "rejectTagSuggestion",
    security: API_SECURITY,
    tags: TAG_API_TAGS,
    summary: kind === "accept" ? "Accepts a suggested tag (puts it on)" : "Rejects a suggested tag",
    description:
      kind === "accept" ? "The same as putting the tag on, recorded as the suggestion's." : "Negative feedback: the tag is not suggested for this message again, and learns it less for mail like it.",
    request: { params: messageTagParams },
    responses: {
      200: { description: kind === "accept" ? "Put on" : "Rejected", ...json(kind === "accept" ? TagChangeSchema : z.object({ rejected: z.literal(true) })) },
      401: errorSpec("Not signed in"),
      404: errorSpec("No such message or tag of yours"),
    },
  });

const changeJson = (change: TagChange | undefined) => {
  if (!change) throw new AppError("NOT_FOUND", "no such tag");
  return { changed: change.changed, notFound: change.notFound, actionId: change.journalId };
};

export function registerMessageTagsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(read, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const state = await messageTagState(sql, message);
    return c.json(
      {
        tags: state.tags,
        suggestions: state.suggestions.map((suggestion) => ({ tagId: suggestion.id, name: suggestion.name, confidence: suggestion.confidence, reason: suggestion.reason })),
      },
      200,
    );
  });

  app.openapi(add, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const body = c.req.valid("json");
    let tagId = body.tagId;
    if (!tagId) {
      const name = v.safeParse(TagNameSchema, body.name ?? "");
      if (!name.success) throw new AppError("BAD_REQUEST", `tagId or name: ${name.issues[0]!.message}`);
      const created = await createTag(sql, message.dataKey, message.userId, name.output);
      if (!created.ok && created.reason !== "duplicate") throw new AppError("CONFLICT", "you have as many tags as allowed");
      tagId = created.ok ? created.tag.id : (created as { tagId: string }).tagId;
    }
    return c.json(changeJson(await addTag(sql, message.dataKey, message.userId, tagId, [message.id])), 200);
  });

  app.openapi(remove, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const tagId = c.req.valid("param").tagId;
    if (!isUuid(tagId)) throw new AppError("NOT_FOUND", "no such tag");
    return c.json(changeJson(await removeTag(sql, message.userId, tagId, [message.id])), 200);
  });

  app.openapi(bulk, async (c) => {
    const body = c.req.valid("json");
    const userId = actingUser(c).id;
    const ids = [...new Set(body.messageIds)];
    const change = body.remove ? await removeTag(sql, userId, body.tagId, ids) : await addTag(sql, await requestDataKey(c, services), userId, body.tagId, ids);
    return c.json(changeJson(change), 200);
  });

  app.openapi(decide("accept"), async (c) => {
    const { messageId, tagId } = c.req.valid("param");
    const message = await ownMessage(c, services, messageId);
    if (!isUuid(tagId)) throw new AppError("NOT_FOUND", "no such tag");
    return c.json(changeJson(await addTag(sql, message.dataKey, message.userId, tagId, [message.id], { source: "ai" })), 200);
  });

  app.openapi(decide("reject"), async (c) => {
    const { messageId, tagId } = c.req.valid("param");
    const message = await ownMessage(c, services, messageId);
    if (!isUuid(tagId) || !(await rejectSuggestion(sql, message.dataKey, message.userId, message.id, tagId))) throw new AppError("NOT_FOUND", "no such tag");
    return c.json({ rejected: true as const }, 200);
  });
}
