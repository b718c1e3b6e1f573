import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requestBulkAction } from "../../../../mail/actions/bulk.ts";
import { finishMessages, setMessagesDone } from "../../../../mail/actions/done.ts";
import type { ActionRequest } from "../../../../mail/actions/request.ts";
import { snoozeMessages } from "../../../../mail/actions/snooze.ts";
import { reportSpamBulk } from "../../../../mail/actions/spam-report.ts";
import { addTag, removeTag } from "../../../../tags/assign.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { ownMessage, requestDataKey } from "../../../request.ts";
import { type BulkActionRequest, BulkActionRequestSchema, type BulkActionResultJson, BulkActionResultSchema, DoneResultSchema } from "./bulk-actions-schemas.ts";
import { MessageIdParamSchema } from "./messages-schemas.ts";

const TAGS = ["Messages"];

const bulk = createRoute({
  method: "post",
  path: "/api/v1/messages/bulk-actions",
  operationId: "performBulkAction",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Acts on up to 500 messages at once: the message list's bulk actions",
  description:
    "done/undone and snooze/unsnooze are your own marks and change at once (done also archives when you chose so); read, unread, flag, unflag, move, trash, archive, spam and notspam go to the mail server through the action journal, one batch undone as a whole; tag/untag as POST /api/v1/messages/tags. If none of the ids is yours, 404.",
  request: { body: { required: true, content: { "application/json": { schema: BulkActionRequestSchema } } } },
  responses: {
    200: { description: "Done here; server changes are queued", content: { "application/json": { schema: BulkActionResultSchema } } },
    400: errorSpec("An unknown action, more than 500 ids, a malformed id, or the folder, tag or time the action needs missing or in the past"),
    401: errorSpec("Not signed in"),
    404: errorSpec("None of the ids is a message of yours, or a tag that is not yours"),
  },
});

const done = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/done",
  operationId: "markMessageDone",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Marks a message done (“Erledigt”), archiving it too when you chose so",
  request: { params: MessageIdParamSchema },
  responses: {
    200: { description: "Marked done", content: { "application/json": { schema: DoneResultSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

const undone = createRoute({
  method: "delete",
  path: "/api/v1/messages/{messageId}/done",
  operationId: "markMessageUndone",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Reopens a message marked done",
  request: { params: MessageIdParamSchema },
  responses: {
    200: { description: "Open again", content: { "application/json": { schema: DoneResultSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

const SERVER_REQUESTS: Record<"read" | "unread" | "flag" | "unflag" | "trash" | "archive", ActionRequest["action"]> = {
  read: "mark_read",
  unread: "mark_unread",
  flag: "flag",
  unflag: "unflag",
  trash: "trash",
  archive: "archive",
};

type Outcome = Omit<BulkActionResultJson, "action">;

function noneOfYours(owned: number): void {
  if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
}

/** The same domain verbs as the list's bulk form, chosen by action. */
async function perform(c: Context<AppEnv>, services: Services, userId: string, body: BulkActionRequest): Promise<Outcome> {
  const { sql } = services;
  const ids = [...new Set(body.messageIds)];
  switch (body.action) {
    case "done": {
      const result = await finishMessages(sql, userId, ids);
      noneOfYours(result.owned);
      return { changed: result.changed, skipped: ids.length - result.owned, undoActionId: result.archiveJournalId };
    }
    case "undone": {
      const result = await setMessagesDone(sql, userId, ids, false);
      noneOfYours(result.owned);
      return { changed: result.changed, skipped: ids.length - result.owned, undoActionId: null };
    }
    case "snooze": {
      const until = body.until ? new Date(body.until) : undefined;
      if (!until || until.getTime() <= Date.now()) throw new AppError("BAD_REQUEST", "until: a time in the future");
      const result = await snoozeMessages(sql, userId, ids, until);
      noneOfYours(result.owned);
      return { changed: result.owned, skipped: ids.length - result.owned, undoActionId: result.journalId };
    }
    case "unsnooze": {
      const result = await snoozeMessages(sql, userId, ids, null);
      noneOfYours(result.owned);
      return { changed: result.owned, skipped: ids.length - result.owned, undoActionId: null };
    }
    case "tag":
    case "untag": {
      if (!body.tagId) throw new AppError("BAD_REQUEST", "tagId: choose a tag");
      const change = body.action === "tag" ? await addTag(sql, await requestDataKey(c, services), userId, body.tagId, ids) : await removeTag(sql, userId, body.tagId, ids);
      if (!change) throw new AppError("NOT_FOUND", "no such tag");
      noneOfYours(ids.length - change.notFound);
      return { changed: change.changed.length, skipped: ids.length - change.changed.length, undoActionId: change.journalId };
    }
    case "spam":
    case "notspam": {
      const result = await reportSpamBulk(sql, await requestDataKey(c, services), userId, ids, body.action === "spam");
      noneOfYours(ids.length - result.notFound);
      return { changed: result.reported, skipped: ids.length - result.reported, undoActionId: result.journalId };
    }
    case "move": {
      if (!body.folderId) throw new AppError("BAD_REQUEST", "folderId: choose a folder");
      return await onServer(sql, userId, ids, { action: "move", folderId: body.folderId });
    }
    default:
      return await onServer(sql, userId, ids, { action: SERVER_REQUESTS[body.action] } as ActionRequest);
  }
}

async function onServer(sql: Services["sql"], userId: string, ids: string[], request: ActionRequest): Promise<Outcome> {
  const result = await requestBulkAction(sql, userId, ids, request);
  noneOfYours(ids.length - result.notFound);
  return { changed: result.queued, skipped: ids.length - result.queued, undoActionId: result.journalId };
}

export function registerBulkActionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(bulk, async (c) => {
    const userId = actingUser(c).id;
    const body = c.req.valid("json");
    const outcome = await perform(c, services, userId, body);
    c.get("log").info("bulk message action", { userId, action: body.action, count: outcome.changed, skipped: outcome.skipped });
    return c.json({ action: body.action, ...outcome }, 200);
  });

  app.openapi(done, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const { archiveJournalId } = await finishMessages(services.sql, message.userId, [message.id]);
    return c.json({ done: true, undoActionId: archiveJournalId }, 200);
  });

  app.openapi(undone, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    await setMessagesDone(services.sql, message.userId, [message.id], false);
    return c.json({ done: false, undoActionId: null }, 200);
  });
}
