/**
 * The compose pages: GET /compose (new, `?draft=` continues a draft, `?to=`
 * fills the To field), GET /messages/:id/reply, /reply-all and /forward
 * (the original's recipients, subject and quote filled in; a reply's
 * `?proposal=` puts that reply proposal's text above the quote, see
 * src/replies/propose.ts). Another user's message, draft or proposal
 * answers 404.
 */
import type { Hono } from "hono";
import { ComposePage, type ComposeValues } from "../../../../views/compose/compose-page.tsx";
import type { AttachmentInfo } from "../../../inbox/attachments.ts";
import { findMessage, openMessage } from "../../../inbox/message.ts";
import { composeOriginal } from "../../../mail/compose/original.ts";
import { getDraft } from "../../../mail/compose/drafts.ts";
import { ownAddresses, senderAccounts } from "../../../mail/compose/own-addresses.ts";
import { forwardBody, replyBody } from "../../../mail/compose/quote.ts";
import { formatMailbox, replyRecipients } from "../../../mail/compose/recipients.ts";
import { forwardSubject, replySubject } from "../../../mail/compose/subject.ts";
import { loadReplyProposal } from "../../../replies/propose.ts";
import type { Services } from "../../../services.ts";
import { translator } from "../../../i18n/messages.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { ownMessage, requestDataKey } from "../../request.ts";

const EMPTY: ComposeValues = {
  draftId: null,
  replyToMessageId: null,
  forwardOfMessageId: null,
  accountId: null,
  to: "",
  cc: "",
  bcc: "",
  subject: "",
  body: "",
  mode: "new",
};

/** The original's attachments a forward of it sends along; none when the id is not the user's message. */
export async function forwardedAttachments(services: Services, userId: string, dataKey: Parameters<typeof openMessage>[1], messageId: string | null): Promise<AttachmentInfo[]> {
  if (!messageId) return [];
  const stored = await findMessage(services.sql, userId, messageId);
  if (!stored) return [];
  return (await composeOriginal(services.sql, openMessage(stored, dataKey))).attachments;
}

export function registerComposeForm(app: Hono<AppEnv>, services: Services) {
  app.get("/compose", async (c) => {
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    const accounts = await senderAccounts(services.sql, dataKey, userId);
    const tr = translator(c.get("lang"));
    c.header("Cache-Control", "no-store");
    const draftId = c.req.query("draft");
    if (draftId !== undefined) {
      const draft = await getDraft(services.sql, dataKey, userId, draftId);
      if (!draft) throw new AppError("NOT_FOUND", "no such draft");
      const values: ComposeValues = { ...draft, draftId: draft.id };
      const forwarded = await forwardedAttachments(services, userId, dataKey, draft.forwardOfMessageId);
      const notice = c.req.query("undone") === "1" ? tr("compose.undone") : undefined;
      return c.html(<ComposePage page={pageContext(c)} accounts={accounts} values={values} forwarded={forwarded} notice={notice} savedAt={draft.updatedAt} />);
    }
    const to = (c.req.query("to") ?? "").replace(/[\r\n]/g, " ").slice(0, 1000);
    return c.html(
      <ComposePage
        page={pageContext(c)}
        accounts={accounts}
        values={{ ...EMPTY, accountId: accounts[0]?.accountId ?? null, to }}
        forwarded={[]}
        error={accounts.length === 0 ? tr("compose.error.noAccount") : undefined}
      />,
    );
  });

  for (const [path, mode] of [
    ["reply", "reply"],
    ["reply-all", "reply_all"],
    ["forward", "forward"],
  ] as const) {
    app.get(`/messages/:messageId/${path}`, async (c) => {
      const message = await ownMessage(c, services, c.req.param("messageId"));
      const page = pageContext(c);
      const [original, accounts, own] = await Promise.all([
        composeOriginal(services.sql, message),
        senderAccounts(services.sql, message.dataKey, message.userId),
        ownAddresses(services.sql, message.dataKey, message.userId),
      ]);
      let values: ComposeValues;
      if (mode === "forward") {
        values = { ...EMPTY, mode, forwardOfMessageId: message.id, subject: forwardSubject(original.subject), body: forwardBody(page.lang, page.timeZone, original) };
      } else {
        const recipients = replyRecipients(original, mode, own);
        const proposalId = c.req.query("proposal");
        const proposal = proposalId === undefined ? undefined : await loadReplyProposal(services.sql, message.dataKey, message.userId, proposalId);
        if (proposalId !== undefined && proposal?.messageId !== message.id) throw new AppError("NOT_FOUND", "no such reply proposal");
        values = {
          ...EMPTY,
          mode,
          replyToMessageId: message.id,
          to: recipients.to.map(formatMailbox).join(", "),
          cc: recipients.cc.map(formatMailbox).join(", "),
          subject: replySubject(original.subject),
          body: (proposal?.text.trimEnd() ?? "") + replyBody(page.lang, page.timeZone, original),
        };
      }
      // Answered from the account the message arrived in.
      values.accountId = message.accountId;
      c.header("Cache-Control", "no-store");
      return c.html(<ComposePage page={page} accounts={accounts} values={values} forwarded={mode === "forward" ? original.attachments : []} />);
    });
  }
}
