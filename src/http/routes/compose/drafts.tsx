/**
 * Drafts over HTTP: POST /compose/drafts saves the form (creating the draft
 * on its first save: the form's `draftId` is empty until then) and answers
 * htmx with the status line and the id, a plain form with a redirect back to
 * the draft; `flush=1` (leaving the page) writes the server copy at once.
 * GET /drafts lists them, POST /drafts/:id/delete deletes one.
 */
import type { Hono } from "hono";
import { DraftStatus } from "../../../../views/compose/draft-status.tsx";
import { DraftsPage } from "../../../../views/compose/drafts-page.tsx";
import { translator } from "../../../i18n/messages.ts";
import { readComposeFields } from "../../../mail/compose/compose-form.ts";
import { createDraft, deleteDraft, listDrafts, removeSentDrafts, saveDraft } from "../../../mail/compose/drafts.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, requestDataKey } from "../../request.ts";

export function registerDrafts(app: Hono<AppEnv>, services: Services) {
  app.post("/compose/drafts", async (c) => {
    const form = await readForm(c);
    const fields = readComposeFields(form);
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    const draft = fields.draftId
      ? await saveDraft(services.sql, dataKey, userId, fields.draftId, fields.content, { flush: form.flush === "1" })
      : await createDraft(services.sql, dataKey, userId, fields.content, {
          ...(fields.replyToMessageId ? { replyToMessageId: fields.replyToMessageId } : {}),
          ...(fields.forwardOfMessageId ? { forwardOfMessageId: fields.forwardOfMessageId } : {}),
        });
    if (!draft) throw new AppError("NOT_FOUND", "no such draft");
    // Saved on leaving the page (views/static/compose.js): nobody reads the answer.
    if (form.flush === "1") return c.body(null, 204);
    if (isHtmx(c)) return c.html(<DraftStatus lang={c.get("lang")} timeZone={pageContext(c).timeZone} draftId={draft.id} savedAt={draft.updatedAt} />);
    return c.redirect(`/compose?draft=${draft.id}`, 303);
  });

  app.get("/drafts", async (c) => {
    const userId = actingUser(c).id;
    // Drafts whose message went out leave the list (a no-op until the sending core's table exists).
    await removeSentDrafts(services.sql, userId);
    const drafts = await listDrafts(services.sql, await requestDataKey(c, services), userId);
    const notice = c.req.query("deleted") === "1" ? translator(c.get("lang"))("drafts.deleted") : undefined;
    c.header("Cache-Control", "no-store");
    return c.html(<DraftsPage page={pageContext(c)} drafts={drafts} notice={notice} />);
  });

  app.post("/drafts/:draftId/delete", async (c) => {
    if (!(await deleteDraft(services.sql, actingUser(c).id, c.req.param("draftId")))) throw new AppError("NOT_FOUND", "no such draft");
    if (isHtmx(c)) {
      c.header("HX-Redirect", "/drafts?deleted=1");
      return c.body(null, 204);
    }
    return c.redirect("/drafts?deleted=1", 303);
  });
}
