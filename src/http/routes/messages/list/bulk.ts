import type { Services } from "../../../../services.ts";
import type { Context, Hono } from "hono";
import { isUuid } from "../../../../ids.ts";
import { translator } from "../../../../i18n/messages.ts";
import { requestBulkAction } from "../../../../mail/actions/bulk.ts";
import { setMessagesDone } from "../../../../mail/actions/done.ts";
import type { ActionRequest } from "../../../../mail/actions/request.ts";
import { MAX_BULK_MESSAGES } from "../../../../search/limits.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { safeLocalPath } from "../../../form.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { isHtmx } from "../../../request.ts";
import { bulkNotice, bulkNoticeParams, LOCAL_ACTIONS, SERVER_ACTIONS, type BulkAction, type BulkOutcome } from "./bulk-notice.ts";
import { renderMessageList } from "./render.tsx";

const SERVER_REQUESTS: Record<Exclude<(typeof SERVER_ACTIONS)[number], "move">, "mark_read" | "mark_unread" | "flag" | "unflag" | "trash"> = {
  read: "mark_read",
  unread: "mark_unread",
  flag: "flag",
  unflag: "unflag",
  trash: "trash",
};

interface BulkForm {
  action: BulkAction;
  ids: string[];
  folderId?: string;
  back: string;
}

async function readBulkForm(c: Context<AppEnv>, publicUrl: string): Promise<BulkForm> {
  const tr = translator(c.get("lang"));
  const body = await c.req.parseBody({ all: true });
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  const action = field("action");
  if (!action || ![...LOCAL_ACTIONS, ...SERVER_ACTIONS].includes(action as BulkAction)) throw new AppError("BAD_REQUEST", tr("list.bulk.badAction"));
  const ids = [body.id ?? []].flat().filter((id): id is string => typeof id === "string");
  if (ids.length === 0) throw new AppError("BAD_REQUEST", tr("list.bulk.none"));
  if (ids.length > MAX_BULK_MESSAGES) throw new AppError("BAD_REQUEST", tr("list.bulk.tooMany", { max: String(MAX_BULK_MESSAGES) }));
  if (!ids.every(isUuid)) throw new AppError("BAD_REQUEST", "id: not a message id");
  const folderId = field("folderId");
  if (action === "move" && !(folderId && isUuid(folderId))) throw new AppError("BAD_REQUEST", "folderId: choose a folder");
  // Back to the list only: anything else falls back to the plain list.
  const back = safeLocalPath(field("back"), publicUrl, "/messages");
  return { action: action as BulkAction, ids: [...new Set(ids)], folderId, back: back === "/messages" || back.startsWith("/messages?") ? back : "/messages" };
}

/** Done is the user's own bookkeeping (src/mail/actions/done.ts): it changes at once. */
async function setDone({ sql }: Services, userId: string, ids: string[], done: boolean): Promise<BulkOutcome> {
  const { changed, owned } = await setMessagesDone(sql, userId, ids, done);
  if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
  return { action: done ? "done" : "undone", count: changed, skipped: ids.length - owned };
}

/** Server changes: one journal entry and job per message, like a single action. */
async function requestOnServer({ sql }: Services, userId: string, form: BulkForm): Promise<BulkOutcome> {
  const request: ActionRequest = form.action === "move" ? { action: "move", folderId: form.folderId! } : { action: SERVER_REQUESTS[form.action as keyof typeof SERVER_REQUESTS] };
  const { queued, notFound } = await requestBulkAction(sql, userId, form.ids, request);
  if (notFound === form.ids.length) throw new AppError("NOT_FOUND", "no such message");
  return { action: form.action, count: queued, skipped: form.ids.length - queued };
}

/**
 * POST /messages/bulk: done/undone, read/unread, flag/unflag, move, trash
 * for the selected messages. Ids that are not the user's are skipped like
 * ids that do not exist; if none is the user's, 404.
 */
export function registerMessageListBulk(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/bulk", async (c) => {
    const userId = actingUser(c).id;
    const form = await readBulkForm(c, services.config.publicUrl);
    const outcome = form.action === "done" || form.action === "undone" ? await setDone(services, userId, form.ids, form.action === "done") : await requestOnServer(services, userId, form);
    c.get("log").info("bulk message action", { userId, action: outcome.action, count: outcome.count, skipped: outcome.skipped });
    const params = bulkNoticeParams(outcome);
    if (!isHtmx(c)) return c.redirect(`${form.back}${form.back.includes("?") ? "&" : "?"}${new URLSearchParams(params)}`, 303);
    const raw = Object.fromEntries(new URL(form.back, "http://list").searchParams);
    return renderMessageList(c, services, raw, bulkNotice(translator(c.get("lang")), params), true);
  });
}
