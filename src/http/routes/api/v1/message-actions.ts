import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as v from "valibot";
import { ActionRequestSchema, MESSAGE_ACTIONS, REQUESTABLE_ACTIONS, requestMessageAction } from "../../../../mail/actions/request.ts";
import { readJournalEntry } from "../../../../mail/actions/journal-entry.ts";
import { undoAction } from "../../../../mail/actions/undo.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Messages"];

export const ActionRequestBodySchema = z
  .object({
    action: z.enum(REQUESTABLE_ACTIONS as [(typeof REQUESTABLE_ACTIONS)[number], ...(typeof REQUESTABLE_ACTIONS)[number][]]),
    keyword: z.string().max(100).optional().openapi({ description: "For add_keyword and remove_keyword: an IMAP keyword such as $Erledigt" }),
    folderId: z.string().uuid().optional().openapi({ description: "For move: the target folder of the same account" }),
  })
  .openapi("MessageActionRequest", { example: { action: "add_keyword", keyword: "$Erledigt" } });

export const ActionSchema = z
  .object({
    id: z.string().uuid(),
    messageId: z.string().uuid().nullable(),
    action: z.enum(MESSAGE_ACTIONS),
    state: z.enum(["pending", "done", "failed"]),
    error: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    finishedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("MessageAction");
export type ActionJson = z.infer<typeof ActionSchema>;

const request = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/actions",
  operationId: "requestMessageAction",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Changes a message on the mail server (read, flag, keyword, move, trash, delete)",
  description: "Journaled and carried out by a job; the local copy follows the server's answer. Poll the returned action.",
  request: {
    params: z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" } }) }),
    body: { content: { "application/json": { schema: ActionRequestBodySchema } }, required: true },
  },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: ActionSchema } } },
    400: errorSpec("Not a valid action (a keyword or target folder missing or malformed)"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours, or a target folder that is not in its account"),
    409: errorSpec("The message has no copy on the server any more"),
  },
});

const show = createRoute({
  method: "get",
  path: "/api/v1/actions/{actionId}",
  operationId: "getMessageAction",
  security: API_SECURITY,
  tags: TAGS,
  summary: "State of a requested message action",
  request: { params: z.object({ actionId: z.string().openapi({ param: { name: "actionId", in: "path" } }) }) },
  responses: { 200: { description: "The action", content: { "application/json": { schema: ActionSchema } } }, 401: errorSpec("Not signed in"), 404: errorSpec("No such action of yours") },
});

export const UndoResultSchema = z
  .object({ undone: z.number().int().openapi({ description: "How many entries were put back: the action and the rest of its batch (a bulk action is undone as a whole)" }) })
  .openapi("ActionUndoResult");
export type UndoResultJson = z.infer<typeof UndoResultSchema>;

const undo = createRoute({
  method: "post",
  path: "/api/v1/actions/{actionId}/undo",
  operationId: "undoMessageAction",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Undoes a message action (and the rest of its batch)",
  description:
    "Journals and queues the inverse (back to the folder, flags as they were before); undoing a spam report also takes its verdict back. Only actions the server has carried out can be undone, each once; a permanent delete never.",
  request: { params: z.object({ actionId: z.string().openapi({ param: { name: "actionId", in: "path" } }) }) },
  responses: {
    202: { description: "The undo is queued", content: { "application/json": { schema: UndoResultSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such action of yours"),
    409: errorSpec("Nothing to undo: the action is still pending, failed, was a permanent delete, or was undone already"),
  },
});

async function loadAction(services: Services, userId: string, actionId: string): Promise<ActionJson | undefined> {
  const entry = await readJournalEntry(services.sql, userId, actionId);
  return entry && { ...entry, createdAt: entry.createdAt.toISOString(), finishedAt: entry.finishedAt?.toISOString() ?? null };
}

export function registerMessageActionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(request, async (c) => {
    const user = actingUser(c);
    const parsed = v.safeParse(ActionRequestSchema, c.req.valid("json"));
    if (!parsed.success) throw new AppError("BAD_REQUEST", `not a valid ${c.req.valid("json").action} request: ${parsed.issues.map((issue) => v.getDotPath(issue) ?? "body").join(", ")}`);
    const result = await requestMessageAction(services.sql, user.id, c.req.valid("param").messageId, parsed.output);
    if (!result.ok) {
      if (result.reason === "no_copy") throw new AppError("CONFLICT", "the message has no copy on the server any more");
      throw new AppError("NOT_FOUND", result.reason === "bad_target" ? "no such folder in the message's account" : "no such message");
    }
    return c.json((await loadAction(services, user.id, result.journalId))!, 202);
  });

  app.openapi(undo, async (c) => {
    const user = actingUser(c);
    const result = await undoAction(services.sql, await requestDataKey(c, services), user.id, c.req.valid("param").actionId);
    if (!result.ok) {
      if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such action");
      throw new AppError("CONFLICT", "nothing to undo: the action is still pending, failed, was a permanent delete, or was undone already");
    }
    return c.json({ undone: result.undone }, 202);
  });

  app.openapi(show, async (c) => {
    const action = await loadAction(services, actingUser(c).id, c.req.valid("param").actionId);
    if (!action) throw new AppError("NOT_FOUND", "no such action");
    return c.json(action, 200);
  });
}
