import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { isUuid } from "../../../ids.ts";
import { translator } from "../../../i18n/messages.ts";
import { undoActionAndReopen } from "../../../mail/actions/undo.ts";
import { MAX_BULK_MESSAGES } from "../../../search/limits.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { safeLocalPath } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { requestDataKey } from "../../request.ts";
import { answerWithList } from "../messages/list/bulk.ts";

const MESSAGE_PAGE = /^\/messages\/[0-9a-f-]{36}$/i;

/** Back where the undo was asked: the list (swapped with htmx), a message's page, or the recent actions. */
function answer(c: Context<AppEnv>, services: Services, back: string, outcome: "restored" | "notundoable", count: number) {
  const path = back.split("?")[0]!;
  if (path === "/messages") return answerWithList(c, services, back, { action: outcome, count, skipped: 0 });
  if (MESSAGE_PAGE.test(path)) return navigate(c, `${path}?done=${outcome}`);
  return navigate(c, `/actions?notice=${outcome}`);
}

/**
 * POST /actions/:journalId/undo: puts back what the entry (and the rest of
 * its batch) changed (src/mail/actions/undo.ts). `id` fields name messages
 * that were marked done with it (done that also archived) and are reopened;
 * `wake` fields messages snoozed with it (moved to the Snoozed folder), woken.
 * Another user's entry answers 404 and changes nothing.
 */
export function registerUndoAction(app: Hono<AppEnv>, services: Services) {
  app.post("/actions/:journalId/undo", async (c) => {
    const userId = actingUser(c).id;
    const journalId = c.req.param("journalId");
    const body = await c.req.parseBody({ all: true });
    const idsOf = (name: string) => [body[name] ?? []].flat().filter((id): id is string => typeof id === "string");
    const reopen = idsOf("id");
    const wake = idsOf("wake");
    if (reopen.length > MAX_BULK_MESSAGES || wake.length > MAX_BULK_MESSAGES) throw new AppError("BAD_REQUEST", translator(c.get("lang"))("list.bulk.tooMany", { max: String(MAX_BULK_MESSAGES) }));
    if (!reopen.every(isUuid) || !wake.every(isUuid)) throw new AppError("BAD_REQUEST", "id: not a message id");
    const back = safeLocalPath(typeof body.back === "string" ? body.back : undefined, services.config.publicUrl, "/actions");
    if (!isUuid(journalId)) throw new AppError("NOT_FOUND", "no such action");
    const result = await undoActionAndReopen(services.sql, await requestDataKey(c, services), userId, journalId, { reopen: [...new Set(reopen)], wake: [...new Set(wake)] });
    if (!result.ok && result.reason === "not_found") throw new AppError("NOT_FOUND", "no such action");
    c.get("log").info("action undone", { userId, journalId, undone: result.ok ? result.undone : 0 });
    return answer(c, services, back, result.ok ? "restored" : "notundoable", result.ok ? result.undone : 0);
  });
}
