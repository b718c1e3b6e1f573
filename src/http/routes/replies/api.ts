/**
 * POST /api/v1/messages/{messageId}/reply-proposals: a reply proposal for
 * one of the user's messages (src/replies/propose.ts), always a new one.
 * Nothing is sent: the answer carries the text and the reply page's URL
 * that takes it. Another user's message answers 404.
 */
import type { Services } from "../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { AUTO_REPLY_REFUSALS } from "../../../replies/auto-reply-guard.ts";
import { type ReplyProposal, proposeReply, PROPOSAL_NOTICES } from "../../../replies/propose.ts";
import { REPLY_TONES } from "../../../replies/templates.ts";
import { useProposalPath } from "../../../../views/replies/reply-proposal.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError, errorSpec } from "../../errors.ts";
import { ownMessage } from "../../request.ts";
import { API_SECURITY } from "../../api-security.ts";

export const ReplyProposalRequestSchema = z
  .object({
    tone: z.enum(REPLY_TONES).openapi({ description: "formal, friendly, brief, decline (say no to what the mail asks), ask_details (ask what is missing)." }),
    form: z.enum(["sie", "du"]).optional().openapi({ description: "Sie or du (formal or casual for English mail); omitted: read from the mail and from the user's earlier replies to the sender." }),
  })
  .openapi("ReplyProposalRequest");

export const ReplyProposalSchema = z
  .object({
    id: z.string().uuid(),
    messageId: z.string().uuid(),
    tone: z.enum(REPLY_TONES),
    form: z.enum(["sie", "du"]),
    formReason: z.object({
      code: z
        .enum(["incoming", "earlier", "default", "chosen"])
        .openapi({ description: "incoming: how the sender wrote; earlier: the user's last replies to the sender; default: no evidence, formal; chosen: the request's form." }),
      name: z.string().openapi({ description: "The sender's first name (or name or address) the reason is about." }),
    }),
    language: z.enum(["de", "en"]),
    text: z.string().openapi({ description: "The proposed body, with the account's signature. Placeholders are restored; foreign links and addresses are removed." }),
    source: z.enum(["llm", "template"]),
    notice: z
      .enum(PROPOSAL_NOTICES)
      .nullable()
      .openapi({ description: "Why a template was used although a provider may be set up; injection_suspected: the mail tries to instruct a model, so none read it." }),
    guard: z
      .object({ ok: z.boolean(), reason: z.enum(AUTO_REPLY_REFUSALS).optional() })
      .openapi({ description: "RFC 3834: whether the mail may be answered automatically (auto-submitted, list, bulk, bounce, no-reply or own addresses may not)." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    replyUrl: z.string().openapi({ description: "The reply page that takes this proposal." }),
  })
  .openapi("ReplyProposal");

export const replyProposalJson = (proposal: ReplyProposal): z.infer<typeof ReplyProposalSchema> => ({
  id: proposal.id,
  messageId: proposal.messageId,
  tone: proposal.tone,
  form: proposal.form,
  formReason: proposal.formReason,
  language: proposal.language,
  text: proposal.text,
  source: proposal.source,
  notice: proposal.notice,
  guard: proposal.guard.ok ? { ok: true } : { ok: false, reason: proposal.guard.reason },
  createdAt: proposal.createdAt.toISOString(),
  replyUrl: useProposalPath(proposal.messageId, proposal.id),
});

const create = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/reply-proposals",
  operationId: "proposeReply",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Propose a reply to a message",
  description:
    "Writes a reply proposal in the given tone, in the mail's language, in Sie or du, with the account's signature: by the user's LLM provider (anonymised unless it is local, on the daily budget) or by a template. A mail that looks like it instructs the model gets a template. Nothing is sent.",
  request: {
    params: z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" } }) }),
    body: { required: true, content: { "application/json": { schema: ReplyProposalRequestSchema } } },
  },
  responses: {
    201: { description: "The proposal", content: { "application/json": { schema: ReplyProposalSchema } } },
    400: errorSpec("Bad tone or form"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

export function registerReplyProposalsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(create, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const { tone, form } = c.req.valid("json");
    const result = await proposeReply(services, message.userId, message.dataKey, message.id, { tone, form, signal: c.req.raw.signal });
    if (!result.ok) throw new AppError("NOT_FOUND", "no such message");
    return c.json(replyProposalJson(result.proposal), 201);
  });
}
