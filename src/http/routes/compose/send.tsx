/**
 * Sending: POST /compose/send checks the form, keeps it as a draft (so an
 * undo or a failure loses nothing), and hands it to the sending core
 * (src/mail/send/queue-send.ts), which sends it only after the undo window.
 * Nothing is sent without this post, i.e. the user's click. The answer is
 * the send's page: "Wird in 10 s gesendet — Rückgängig", then its state
 * (GET /compose/sends/:id, its section polled at /status). POST
 * /compose/sends/:id/undo cancels it and opens the draft again.
 */
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ComposePage } from "../../../../views/compose/compose-page.tsx";
import { SendStatus, SendStatusPage } from "../../../../views/compose/send-status.tsx";
import { translator } from "../../../i18n/messages.ts";
import { outgoingFromForm, readComposeFields, type ComposeProblem } from "../../../mail/compose/compose-form.ts";
import { createDraft, draftOfSend, markDraftSending, reopenDraftOfSend, saveDraft } from "../../../mail/compose/drafts.ts";
import { MAX_COMPOSE_ATTACHMENT_BYTES, MAX_COMPOSE_REQUEST_BYTES } from "../../../mail/compose/limits.ts";
import { senderAccounts } from "../../../mail/compose/own-addresses.ts";
import { cancelSend, queueSend, sendState, type OutgoingAttachment } from "../../../mail/send/queue-send.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, requestDataKey } from "../../request.ts";
import { forwardedAttachments } from "./form.tsx";

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function problemText(lang: Parameters<typeof translator>[0], problem: ComposeProblem): string {
  const tr = translator(lang);
  switch (problem.code) {
    case "noAccount":
      return tr("compose.error.noAccount");
    case "noRecipients":
      return tr("compose.error.noRecipients");
    case "tooManyRecipients":
      return tr("compose.error.tooManyRecipients", { max: String(problem.max) });
    case "badAddress":
      return tr("compose.error.badAddress", { address: problem.address });
  }
}

export function registerSend(app: Hono<AppEnv>, services: Services) {
  app.post(
    "/compose/send",
    bodyLimit({
      maxSize: MAX_COMPOSE_REQUEST_BYTES,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `request body over ${MAX_COMPOSE_REQUEST_BYTES} bytes`);
      },
    }),
    async (c) => {
      // Files first ({ all: true } keeps several under one name); readForm then reads the cached text fields.
      const body = await c.req.parseBody({ all: true });
      const form = await readForm(c);
      const files = [body.files].flat().filter((value): value is File => value instanceof File && value.size > 0);
      const userId = actingUser(c).id;
      const dataKey = await requestDataKey(c, services);
      const lang = c.get("lang");
      const tr = translator(lang);
      const fields = readComposeFields(form);
      const accounts = await senderAccounts(services.sql, dataKey, userId);
      // Kept as a draft first: whatever happens next, the text is safe.
      const links = {
        ...(fields.replyToMessageId ? { replyToMessageId: fields.replyToMessageId } : {}),
        ...(fields.forwardOfMessageId ? { forwardOfMessageId: fields.forwardOfMessageId } : {}),
      };
      const draft = (fields.draftId && (await saveDraft(services.sql, dataKey, userId, fields.draftId, fields.content))) || (await createDraft(services.sql, dataKey, userId, fields.content, links));
      const saved = { ...fields, draftId: draft.id };
      const refuse = async (message: string, status: 400 | 413 | 422 | 429, errorLink?: { href: string; label: string }) => {
        const forwarded = await forwardedAttachments(services, userId, dataKey, saved.forwardOfMessageId);
        const values = { ...saved.content, draftId: draft.id, replyToMessageId: saved.replyToMessageId, forwardOfMessageId: saved.forwardOfMessageId };
        return c.html(<ComposePage page={pageContext(c)} accounts={accounts} values={values} forwarded={forwarded} error={message} errorLink={errorLink} savedAt={draft.updatedAt} />, status);
      };
      const checked = outgoingFromForm(saved, accounts);
      if (!checked.ok) return await refuse(problemText(lang, checked.problem), 422);
      const total = files.reduce((sum, file) => sum + file.size, 0);
      if (total > MAX_COMPOSE_ATTACHMENT_BYTES) return await refuse(tr("compose.error.attachmentsTooLarge", { size: megabytes(MAX_COMPOSE_ATTACHMENT_BYTES) }), 413);
      const attachments: OutgoingAttachment[] = await Promise.all(
        files.map(async (file) => ({ filename: file.name || "attachment", contentType: file.type || "application/octet-stream", content: new Uint8Array(await file.arrayBuffer()) })),
      );
      const result = await queueSend(services, userId, dataKey, { ...checked.message, ...(attachments.length > 0 ? { attachments } : {}) });
      if (!result.ok) {
        // No SMTP settings yet: the account page's SMTP section is where they are set up.
        const link = result.reason === "no_smtp" ? { href: `/accounts/${checked.message.accountId}#smtp`, label: tr("compose.error.no_smtp.link") } : undefined;
        return await refuse(tr(`compose.error.${result.reason}`), result.reason === "rate_limited" ? 429 : result.reason === "too_large" ? 413 : 422, link);
      }
      await markDraftSending(services.sql, userId, draft.id, result.sendId);
      return c.redirect(`/compose/sends/${result.sendId}`, 303);
    },
  );

  /** The send's state; a failed or cancelled one opens its draft again. 404 for another user's send. */
  async function loadSend(userId: string, sendId: string) {
    const state = await sendState(services.sql, userId, sendId);
    if (!state) throw new AppError("NOT_FOUND", "no such send");
    const draftId = state.status === "failed" || state.status === "cancelled" ? await reopenDraftOfSend(services.sql, userId, sendId) : await draftOfSend(services.sql, userId, sendId);
    return { state, draftId };
  }

  app.get("/compose/sends/:sendId", async (c) => {
    const { state, draftId } = await loadSend(actingUser(c).id, c.req.param("sendId"));
    const notice = c.req.query("late") === "1" ? translator(c.get("lang"))("compose.undoTooLate") : undefined;
    c.header("Cache-Control", "no-store");
    return c.html(<SendStatusPage page={pageContext(c)} state={state} draftId={draftId} notice={notice} />);
  });

  app.get("/compose/sends/:sendId/status", async (c) => {
    const { state, draftId } = await loadSend(actingUser(c).id, c.req.param("sendId"));
    // The section alone is for htmx's polling; a browser navigating here gets the page.
    if (!isHtmx(c)) return c.redirect(`/compose/sends/${state.id}`, 303);
    c.header("Cache-Control", "no-store");
    return c.html(<SendStatus lang={c.get("lang")} state={state} draftId={draftId} />);
  });

  app.post("/compose/sends/:sendId/undo", async (c) => {
    const userId = actingUser(c).id;
    const sendId = c.req.param("sendId");
    if (!(await sendState(services.sql, userId, sendId))) throw new AppError("NOT_FOUND", "no such send");
    if (!(await cancelSend(services.sql, userId, sendId))) return c.redirect(`/compose/sends/${sendId}?late=1`, 303);
    const draftId = await reopenDraftOfSend(services.sql, userId, sendId);
    return c.redirect(draftId ? `/compose?draft=${draftId}&undone=1` : "/drafts", 303);
  });
}
