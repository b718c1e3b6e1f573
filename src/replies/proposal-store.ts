/**
 * Stored reply proposals (`reply_proposals`, 0052): the text encrypted with
 * the user's data key, bound to the proposal's id; tone, form, language and
 * source in clear (they say nothing about the mail). The reply page takes a
 * proposal by id (`/messages/:id/reply?proposal=<id>`) through
 * loadReplyProposal.
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import type { AddressForm, ReplyLanguage } from "./address-form.ts";
import type { ReplyTone } from "./templates.ts";

const binding = (userId: string, proposalId: string) => ({ owner: userId, purpose: `reply-proposal:${proposalId}` });

export type ProposalSource = "llm" | "template";

export interface StoredProposal {
  id: string;
  messageId: string;
  tone: ReplyTone;
  form: AddressForm;
  language: ReplyLanguage;
  source: ProposalSource;
  /** Why a template was used (src/replies/propose.ts ProposalNotice); null for the provider's text. */
  notice: string | null;
  text: string;
  createdAt: Date;
}

interface Row extends Omit<StoredProposal, "text"> {
  text: Uint8Array;
}

const open = (dataKey: SecretKey, userId: string, { text, ...row }: Row): StoredProposal => ({ ...row, text: decryptText(dataKey, text, binding(userId, row.id)) });

/** Stores a proposal for the user's message (the caller has checked the message is theirs). */
export async function saveReplyProposal(sql: Sql, dataKey: SecretKey, userId: string, proposal: Omit<StoredProposal, "id" | "createdAt">): Promise<StoredProposal> {
  const id = crypto.randomUUID();
  const [row] = await sql<{ createdAt: Date }[]>`
    insert into reply_proposals (id, user_id, message_id, tone, form, language, source, notice, text_encrypted)
    values (${id}, ${userId}, ${proposal.messageId}, ${proposal.tone}, ${proposal.form}, ${proposal.language}, ${proposal.source}, ${proposal.notice},
            ${encrypt(dataKey, proposal.text, binding(userId, id))})
    returning created_at as "createdAt"`;
  return { ...proposal, id, createdAt: row!.createdAt };
}

/** The newest proposal of this tone and form for the message, to show again instead of asking anew. */
export async function latestReplyProposal(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, tone: ReplyTone, form: AddressForm): Promise<StoredProposal | undefined> {
  const [row] = await sql<Row[]>`
    select id, message_id as "messageId", tone, form, language, source, notice, text_encrypted as text, created_at as "createdAt"
    from reply_proposals where user_id = ${userId} and message_id = ${messageId} and tone = ${tone} and form = ${form}
    order by created_at desc limit 1`;
  return row ? open(dataKey, userId, row) : undefined;
}

/**
 * The proposal's message and text, for the reply page; undefined for
 * another user's proposal, an unknown or a malformed id.
 *
 * @example
 *   const proposal = await readReplyProposal(sql, dataKey, userId, c.req.query("proposal") ?? "");
 *   if (proposal?.messageId === messageId) body = proposal.text;
 */
export async function readReplyProposal(sql: Sql, dataKey: SecretKey, userId: string, proposalId: string): Promise<{ messageId: string; text: string } | undefined> {
  if (!isUuid(proposalId)) return undefined;
  const [row] = await sql<Row[]>`
    select id, message_id as "messageId", tone, form, language, source, notice, text_encrypted as text, created_at as "createdAt"
    from reply_proposals where id = ${proposalId} and user_id = ${userId}`;
  if (!row) return undefined;
  const { messageId, text } = open(dataKey, userId, row);
  return { messageId, text };
}
