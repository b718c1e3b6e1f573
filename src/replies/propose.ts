/**
 * A reply proposal for one of the user's messages, in a tone, in Sie or du,
 * in the mail's language, with the account's signature: written by the
 * user's LLM provider when one is set up (anonymised, fenced, on the daily
 * budget, see llm-reply.ts), by a template otherwise, and by a template
 * also when the mail looks like it instructs the model (detectInjection) or
 * the provider fails, saying why. The proposal is stored encrypted; nothing
 * is sent from here, ever: the reply page takes the text
 * (loadReplyProposal) and the user sends it with a click.
 *
 * The RFC 3834 guard's verdict comes with every proposal: the message
 * page offers a ready-made proposal only for mail the guard lets through,
 * and makes one for other mail only when the user asks.
 */
import { createAnonymiser, clearText } from "../analysis/llm/anonymise.ts";
import { isLocalProvider } from "../analysis/llm/base-url.ts";
import { takeLlmBudget } from "../analysis/llm/budget.ts";
import { detectInjection } from "../analysis/llm/injection.ts";
import { bodyCharsFor, peopleOf, renderMessage } from "../analysis/llm/message-view.ts";
import { providerFor } from "../analysis/llm/providers/index.ts";
import { loadLlmSettings } from "../analysis/llm/settings.ts";
import { accountVisibility } from "../analysis/llm/visibility.ts";
import { loadMessageForAnalysis } from "../analysis/message-input.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import type { Services } from "../services.ts";
import { type AddressForm, chooseAddressForm, type FormChoice, type ReplyLanguage } from "./address-form.ts";
import { type AutoReplyVerdict, headerFieldsOf, mayAnswerAutomatically } from "./auto-reply-guard.ts";
import { earlierRepliesTo } from "./earlier-replies.ts";
import { replyLanguageFor } from "./language.ts";
import { cleanReplyAnswer, greetByFirstName, REPLY_ANSWER_SCHEMA, replyPrompt } from "./llm-reply.ts";
import { latestReplyProposal, readReplyProposal, saveReplyProposal, type ProposalSource } from "./proposal-store.ts";
import { accountSignature } from "./signatures.ts";
import { knownTitle, type ReplyTone, templateReply, withSignature } from "./templates.ts";

/**
 * Why a proposal is a template although a provider is set up (or why none
 * is set up): shown to the user. `injection_suspected`: the mail looks like
 * it instructs a model, so no model read it.
 */
export const PROPOSAL_NOTICES = ["no_provider", "injection_suspected", "budget_spent", "provider_failed", "bad_answer", "body_not_shared"] as const;
export type ProposalNotice = (typeof PROPOSAL_NOTICES)[number];

export interface ReplyProposal {
  id: string;
  messageId: string;
  tone: ReplyTone;
  form: AddressForm;
  /** Why this form: the code and the name it is about (i18n `replies.reason.<code>`). */
  formReason: FormChoice["reason"];
  language: ReplyLanguage;
  text: string;
  source: ProposalSource;
  notice: ProposalNotice | null;
  /** RFC 3834: whether this mail may be answered automatically; a refusal is shown, not enforced, for a proposal the user asked for. */
  guard: AutoReplyVerdict;
  createdAt: Date;
}

export type ProposeResult = { ok: true; proposal: ReplyProposal } | { ok: false; reason: "not_found" };

export interface ProposeOptions {
  tone: ReplyTone;
  /** The user's choice; without it the form is read from the mail and earlier replies. */
  form?: AddressForm;
  /** Show the newest stored proposal of this tone and form instead of asking again (the panel on every page view). */
  reuse?: boolean;
  signal?: AbortSignal;
}

/**
 * @example
 *   const result = await proposeReply(services, userId, dataKey, messageId, { tone: "friendly" });
 *   if (result.ok) link(`/messages/${messageId}/reply?proposal=${result.proposal.id}`);
 */
export async function proposeReply(services: Services, userId: string, dataKey: SecretKey, messageId: string, options: ProposeOptions): Promise<ProposeResult> {
  const { sql } = services;
  const loaded = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!loaded) return { ok: false, reason: "not_found" };
  const { input, accountId } = loaded;
  const sender = input.replyTo[0] ?? input.from[0] ?? { name: "", address: "" };
  const guard = mayAnswerAutomatically({ from: input.from, replyTo: input.replyTo, fields: headerFieldsOf(input.headers, input.rawHeaders) }, input.ownAddresses);
  const language = await replyLanguageFor(sql, userId, messageId, input);
  const earlier = sender.address ? await earlierRepliesTo(sql, dataKey, userId, sender.address) : [];
  const choice = chooseAddressForm({ incoming: input.text, language, earlier, senderName: sender.name || sender.address, chosen: options.form });

  if (options.reuse) {
    const stored = await latestReplyProposal(sql, dataKey, userId, messageId, options.tone, choice.form);
    if (stored) return { ok: true, proposal: { ...stored, formReason: choice.reason, notice: stored.notice as ProposalNotice | null, guard } };
  }

  const signature = await accountSignature(sql, dataKey, userId, accountId);
  const template = () =>
    templateReply({
      language,
      tone: options.tone,
      form: choice.form,
      sender,
      title: knownTitle(
        sender,
        earlier.map((reply) => reply.text),
      ),
      incomingText: input.text,
      signature,
    });

  let text: string;
  let source: ProposalSource = "template";
  let notice: ProposalNotice | null = null;
  const written = await writeWithProvider(services, userId, dataKey, { loaded, language, tone: options.tone, form: choice.form, signature, signal: options.signal });
  if (written.ok) {
    text = withSignature(written.body, signature);
    source = "llm";
  } else {
    text = template();
    notice = written.reason;
  }
  const stored = await saveReplyProposal(sql, dataKey, userId, { messageId, tone: options.tone, form: choice.form, language, source, notice, text });
  return { ok: true, proposal: { ...stored, formReason: choice.reason, notice, guard } };
}

/**
 * The RFC 3834 verdict alone, for the panel that decides whether to offer
 * a ready-made proposal; undefined when the message is not the user's.
 */
export async function replyGuardFor(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<AutoReplyVerdict | undefined> {
  const loaded = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!loaded) return undefined;
  const { input } = loaded;
  return mayAnswerAutomatically({ from: input.from, replyTo: input.replyTo, fields: headerFieldsOf(input.headers, input.rawHeaders) }, input.ownAddresses);
}

type Written = { ok: true; body: string } | { ok: false; reason: ProposalNotice };

async function writeWithProvider(
  services: Services,
  userId: string,
  dataKey: SecretKey,
  job: {
    loaded: NonNullable<Awaited<ReturnType<typeof loadMessageForAnalysis>>>;
    language: ReplyLanguage;
    tone: ReplyTone;
    form: AddressForm;
    signature: string | null;
    signal?: AbortSignal;
  },
): Promise<Written> {
  const { sql } = services;
  const { input, accountId } = job.loaded;
  const settings = await loadLlmSettings(sql, dataKey, userId);
  if (!settings?.enabled) return { ok: false, reason: "no_provider" };
  // Checked before any call: a mail that instructs the model gets no model at all.
  if (detectInjection(input).suspected) return { ok: false, reason: "injection_suspected" };
  const bodyChars = bodyCharsFor((await accountVisibility(sql, userId, accountId)) ?? "headers");
  if (bodyChars === 0) return { ok: false, reason: "body_not_shared" };
  if (!(await takeLlmBudget(sql, userId))) return { ok: false, reason: "budget_spent" };

  const anonymiser = isLocalProvider(settings) ? clearText : createAnonymiser(peopleOf([input]));
  const sender = input.replyTo[0] ?? input.from[0];
  const message = renderMessage(input, { bodyChars, anonymiser });
  const greetName = sender?.name ? anonymiser.text(sender.name) : "";
  const prompt = replyPrompt({ message, language: job.language, tone: job.tone, form: job.form, greetName });
  const outbound = await loadOutboundPolicy(sql);
  const answer = await providerFor(settings.kind).chat(settings, { model: settings.model, ...prompt, schema: REPLY_ANSWER_SCHEMA }, { outbound, signal: job.signal });
  if (!answer.ok) return { ok: false, reason: "provider_failed" };
  const signature = job.signature ?? "";
  const senders = [...input.from, ...input.replyTo].map((entry) => entry.address);
  const signatureAddresses = [...signature.matchAll(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu)].map((match) => match[0]);
  const cleaned = cleanReplyAnswer(answer.text, {
    restore: anonymiser.restore,
    allowedText: `${input.text}\n${input.html ?? ""}\n${signature}`,
    allowedAddresses: [...senders, ...input.ownAddresses, ...signatureAddresses],
  });
  if (!cleaned.ok) return { ok: false, reason: "bad_answer" };
  return { ok: true, body: job.form === "du" ? greetByFirstName(cleaned.body, sender?.name ?? "") : cleaned.body };
}

/**
 * The proposal's message and text, for the reply page
 * (`/messages/:id/reply?proposal=<id>`); undefined for another user's
 * proposal, an unknown or a malformed id.
 *
 * @example
 *   const proposal = await loadReplyProposal(sql, dataKey, userId, proposalId);
 *   if (proposal && proposal.messageId === message.id) body = proposal.text;
 */
export async function loadReplyProposal(sql: Sql, dataKey: SecretKey, userId: string, proposalId: string): Promise<{ messageId: string; text: string } | undefined> {
  return await readReplyProposal(sql, dataKey, userId, proposalId);
}
