/**
 * GET /messages/:messageId/reply-proposal: the message page's reply
 * proposal panel (src/replies/propose.ts), loaded by htmx when revealed; a
 * plain request (the link without JavaScript) gets it as a page.
 *
 * Without a tone the panel is the offer: mail the RFC 3834 guard refuses
 * gets the reason and a button instead of a proposal; other mail gets the
 * friendly proposal, the stored one again if there is one (no provider
 * call on every view). A tone, a form or "fresh" is the user asking: a
 * proposal is made whatever the guard says, and "fresh" asks anew.
 */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { proposeReply, replyGuardFor } from "../../../replies/propose.ts";
import { REPLY_TONES } from "../../../replies/templates.ts";
import { ReplyProposalPage, ReplyProposalPanel, replyProposalPath, type ReplyPanelState } from "../../../../views/replies/reply-proposal.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, ownMessage } from "../../request.ts";

const QuerySchema = v.object({
  tone: v.optional(v.picklist(REPLY_TONES)),
  form: v.optional(v.picklist(["sie", "du"])),
  fresh: v.optional(v.literal("1")),
});

export function registerReplyProposalPanel(app: Hono<AppEnv>, services: Services) {
  app.get(replyProposalPath(":messageId"), async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const query = v.safeParse(QuerySchema, { tone: c.req.query("tone") || undefined, form: c.req.query("form") || undefined, fresh: c.req.query("fresh") || undefined });
    if (!query.success) throw new AppError("BAD_REQUEST", `tone must be one of ${REPLY_TONES.join(", ")}; form sie or du`);
    const { tone, form, fresh } = query.output;
    let state: ReplyPanelState | undefined;
    if (!tone && !form && !fresh) {
      const verdict = await replyGuardFor(services.sql, message.dataKey, message.userId, message.id);
      if (verdict && !verdict.ok) state = { kind: "refused", reason: verdict.reason };
    }
    if (!state) {
      const result = await proposeReply(services, message.userId, message.dataKey, message.id, { tone: tone ?? "friendly", form, reuse: !fresh, signal: c.req.raw.signal });
      if (!result.ok) throw new AppError("NOT_FOUND", "no such message");
      state = { kind: "proposal", proposal: result.proposal };
    }
    const page = pageContext(c);
    c.header("Cache-Control", "no-store");
    if (isHtmx(c)) return c.html(<ReplyProposalPanel lang={page.lang} messageId={message.id} state={state} />);
    return c.html(<ReplyProposalPage page={page} messageId={message.id} state={state} />);
  });
}
