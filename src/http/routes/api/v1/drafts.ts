/**
 * JSON: the user's drafts, as the compose page keeps them
 * (src/mail/compose/drafts.ts): list, save (creating one when no `draftId`
 * is given, with the compose form's limits), read and delete. Another user's
 * draft answers 404.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { readComposeFields } from "../../../../mail/compose/compose-form.ts";
import { createDraft, deleteDraft, getDraft, listDrafts, removeSentDrafts, saveDraft, type Draft } from "../../../../mail/compose/drafts.ts";
import { MAX_DRAFT_BODY_CHARS } from "../../../../mail/compose/limits.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { pageByTime } from "../../../list-page.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { PageQuerySchema } from "./page-query.ts";

const TAGS = ["Sending"];
const MODES = ["new", "reply", "reply_all", "forward"] as const;
const uuid = () => z.string().openapi({ format: "uuid" });

export const DraftSchema = z
  .object({
    id: uuid(),
    accountId: uuid().nullable().openapi({ description: "The account to send from; null when none is chosen yet" }),
    to: z.string().openapi({ description: "As typed: comma-separated addresses", example: "Anna <anna@example.org>, bob@example.org" }),
    cc: z.string(),
    bcc: z.string(),
    subject: z.string(),
    body: z.string(),
    mode: z.enum(MODES),
    replyToMessageId: uuid().nullable(),
    forwardOfMessageId: uuid().nullable(),
    revision: z.number().int().openapi({ description: "Goes up with every save" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Draft");
export type DraftJson = z.infer<typeof DraftSchema>;

export const DraftListSchema = z
  .object({
    drafts: z.array(DraftSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first" }),
  })
  .openapi("DraftList");
export type DraftListJson = z.infer<typeof DraftListSchema>;

export const SaveDraftSchema = z
  .object({
    draftId: z.string().uuid().optional().openapi({ description: "The draft to save over; absent: a new draft is created" }),
    accountId: z.string().uuid().nullable().optional(),
    to: z.string().max(10_000).optional(),
    cc: z.string().max(10_000).optional(),
    bcc: z.string().max(10_000).optional(),
    subject: z.string().max(998).optional(),
    body: z.string().max(MAX_DRAFT_BODY_CHARS).optional(),
    mode: z.enum(MODES).optional(),
    replyToMessageId: z.string().uuid().optional().openapi({ description: "With mode `reply` or `reply_all`, on creation: the message answered" }),
    forwardOfMessageId: z.string().uuid().optional().openapi({ description: "With mode `forward`, on creation: the message forwarded" }),
  })
  .openapi("SaveDraft");

const DraftIdParamSchema = z.object({ draftId: z.string().openapi({ param: { name: "draftId", in: "path" }, format: "uuid" }) });

export function draftJson(draft: Draft): DraftJson {
  return {
    id: draft.id,
    accountId: draft.accountId,
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    body: draft.body,
    mode: draft.mode,
    replyToMessageId: draft.replyToMessageId,
    forwardOfMessageId: draft.forwardOfMessageId,
    revision: draft.revision,
    updatedAt: draft.updatedAt.toISOString(),
  };
}

const list = createRoute({
  method: "get",
  path: "/api/v1/drafts",
  operationId: "listDrafts",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Your drafts, last saved first",
  description: "Drafts whose message is queued for sending are left out; they come back if the send is undone or fails.",
  request: {
    query: PageQuerySchema.extend({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .default(50)
        .openapi({ param: { name: "limit", in: "query" }, description: "Drafts per page (1–100, default 50)" }),
    }),
  },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: DraftListSchema } } },
    400: errorSpec("Malformed cursor or limit"),
    401: errorSpec("Not signed in"),
  },
});

const save = createRoute({
  method: "post",
  path: "/api/v1/drafts",
  operationId: "saveDraft",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Saves a draft: creates one, or with `draftId` saves over it",
  description:
    "As the compose page's autosave: line breaks are removed from the address fields and the subject, and the copy in the account's Drafts folder on the server follows within a minute. An `accountId` that is not yours is stored as none.",
  request: { body: { required: true, content: { "application/json": { schema: SaveDraftSchema } } } },
  responses: {
    200: { description: "Saved over the draft", content: { "application/json": { schema: DraftSchema } } },
    201: { description: "Created", content: { "application/json": { schema: DraftSchema } } },
    400: errorSpec("Invalid fields"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such draft of yours"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/drafts/{draftId}",
  operationId: "getDraft",
  security: API_SECURITY,
  tags: TAGS,
  summary: "One draft",
  request: { params: DraftIdParamSchema },
  responses: {
    200: { description: "The draft", content: { "application/json": { schema: DraftSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such draft of yours"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/drafts/{draftId}",
  operationId: "deleteDraft",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Deletes a draft, and its copy on the server",
  request: { params: DraftIdParamSchema },
  responses: { 204: { description: "Deleted" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such draft of yours") },
});

export function registerDraftsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => {
    const userId = actingUser(c).id;
    const query = c.req.valid("query");
    await removeSentDrafts(sql, userId);
    const drafts = await listDrafts(sql, await requestDataKey(c, services), userId);
    const page = pageByTime(drafts, (draft) => draft.updatedAt, query);
    c.header("Cache-Control", "no-store");
    return c.json({ drafts: page.items.map(draftJson), next: page.next, previous: page.previous }, 200);
  });

  app.openapi(save, async (c) => {
    const body = c.req.valid("json");
    const fields = readComposeFields({
      draftId: body.draftId,
      accountId: body.accountId ?? undefined,
      to: body.to,
      cc: body.cc,
      bcc: body.bcc,
      subject: body.subject,
      body: body.body,
      mode: body.mode,
      replyToMessageId: body.replyToMessageId,
      forwardOfMessageId: body.forwardOfMessageId,
    });
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    if (fields.draftId) {
      const saved = await saveDraft(sql, dataKey, userId, fields.draftId, fields.content);
      if (!saved) throw new AppError("NOT_FOUND", "no such draft");
      return c.json(draftJson(saved), 200);
    }
    const created = await createDraft(sql, dataKey, userId, fields.content, {
      ...(fields.replyToMessageId ? { replyToMessageId: fields.replyToMessageId } : {}),
      ...(fields.forwardOfMessageId ? { forwardOfMessageId: fields.forwardOfMessageId } : {}),
    });
    c.header("Location", `/api/v1/drafts/${created.id}`);
    return c.json(draftJson(created), 201);
  });

  app.openapi(get, async (c) => {
    const draft = await getDraft(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").draftId);
    if (!draft) throw new AppError("NOT_FOUND", "no such draft");
    c.header("Cache-Control", "no-store");
    return c.json(draftJson(draft), 200);
  });

  app.openapi(remove, async (c) => {
    if (!(await deleteDraft(sql, actingUser(c).id, c.req.valid("param").draftId))) throw new AppError("NOT_FOUND", "no such draft");
    return c.body(null, 204);
  });
}
