/**
 * The compose form as posted, read into a draft's content and checked for
 * sending. Pure: the route hands in the fields and the user's accounts.
 */
import { isUuid } from "../../ids.ts";
import type { OutgoingMessage } from "../send/queue-send.ts";
import type { ComposeMode, DraftContent } from "./drafts.ts";
import { MAX_DRAFT_BODY_CHARS, MAX_RECIPIENTS } from "./limits.ts";
import type { SenderAccount } from "./own-addresses.ts";
import { formatBody } from "./formatting.ts";
import { entryAddress, isPlausibleAddress, splitAddressList } from "./recipients.ts";

export interface ComposeFields {
  content: DraftContent;
  draftId: string | null;
  replyToMessageId: string | null;
  forwardOfMessageId: string | null;
}

const MODES: readonly ComposeMode[] = ["new", "reply", "reply_all", "forward"];
const id = (value: string | undefined) => (value && isUuid(value) ? value.toLowerCase() : null);
const line = (value: string | undefined, max: number) => (value ?? "").replace(/[\r\n]+/g, " ").slice(0, max);

export function readComposeFields(fields: Record<string, string | undefined>): ComposeFields {
  const mode = MODES.includes(fields.mode as ComposeMode) ? (fields.mode as ComposeMode) : "new";
  return {
    content: {
      accountId: id(fields.accountId),
      to: line(fields.to, 10_000),
      cc: line(fields.cc, 10_000),
      bcc: line(fields.bcc, 10_000),
      subject: line(fields.subject, 998),
      body: (fields.body ?? "").replace(/\r\n?/g, "\n").slice(0, MAX_DRAFT_BODY_CHARS),
      mode,
    },
    draftId: id(fields.draftId),
    replyToMessageId: mode === "reply" || mode === "reply_all" ? id(fields.replyToMessageId) : null,
    forwardOfMessageId: mode === "forward" ? id(fields.forwardOfMessageId) : null,
  };
}

/** Why a form cannot be sent, as a text key of the compose page (`compose.error.<code>`) and its values. */
export type ComposeProblem = { code: "noAccount" } | { code: "noRecipients" } | { code: "tooManyRecipients"; max: number } | { code: "badAddress"; address: string };

/**
 * The message to queue, or the first problem with the form.
 *
 * @example
 *   outgoingFromForm(fields, accounts) // { ok: true, message: { accountId, to: ["Anna <anna@example.org>"], … } }
 */
export function outgoingFromForm(fields: ComposeFields, accounts: SenderAccount[]): { ok: true; message: OutgoingMessage } | { ok: false; problem: ComposeProblem } {
  const { content } = fields;
  const account = accounts.find((entry) => entry.accountId === content.accountId);
  if (!account) return { ok: false, problem: { code: "noAccount" } };
  const [to, cc, bcc] = [splitAddressList(content.to), splitAddressList(content.cc), splitAddressList(content.bcc)];
  const all = [...to, ...cc, ...bcc];
  if (all.length === 0) return { ok: false, problem: { code: "noRecipients" } };
  if (all.length > MAX_RECIPIENTS) return { ok: false, problem: { code: "tooManyRecipients", max: MAX_RECIPIENTS } };
  const bad = all.find((entry) => !isPlausibleAddress(entryAddress(entry)));
  if (bad) return { ok: false, problem: { code: "badAddress", address: bad } };
  const { text, html } = formatBody(content.body);
  return {
    ok: true,
    message: {
      accountId: account.accountId,
      to,
      cc,
      bcc,
      subject: content.subject,
      text,
      html,
      ...(fields.replyToMessageId ? { inReplyToMessageId: fields.replyToMessageId } : {}),
      ...(fields.forwardOfMessageId ? { forwardOfMessageId: fields.forwardOfMessageId } : {}),
      ...(fields.draftId ? { draftId: fields.draftId } : {}),
    },
  };
}
