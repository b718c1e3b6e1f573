/**
 * What analysing a message yields, whoever produced it (the local analyser
 * or an LLM), and what an analyser is given. Plain data: the detail part is
 * stored as encrypted JSON (`analyses.detail_encrypted`), the levels, flags
 * and category as columns (migrations/0008_analysis.sql).
 */
import type { MailAddress, SelectedHeaders } from "../mail/parse/types.ts";

export type Level = 1 | 2 | 3;
/**
 * How much a message asks of the user: what the local rules and the
 * learned category model score (src/analysis/local/hand-weights.ts), in this order.
 */
export const ATTENTION_CATEGORIES = ["action_required", "urgent", "information"] as const;
/**
 * The categories users know from their mail provider: the attention
 * categories, and for mail that asks nothing the kind it is (newsletter,
 * notification, social network, personal). The attention categories come
 * first so their indexes are the rules' (analyses, corrections and sender
 * patterns store the names, not the indexes).
 */
export const CATEGORIES = [...ATTENTION_CATEGORIES, "newsletter", "notification", "social", "personal"] as const;
export type Category = (typeof CATEGORIES)[number];
export const PROVIDER_KINDS = ["local", "ollama", "openai", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * Why an analyser decided something, in words the user can read. Local
 * reasons are a stable code the UI translates (i18n key `reason.<code>`),
 * with optional values for its placeholders; an LLM's reason is its own text.
 *
 * @example
 *   { code: "deadline", vars: { phrase: "bis Freitag" } }
 *   { code: "llm", vars: { text: "The sender asks for a signed contract by Friday." } }
 */
export interface Reason {
  code: string;
  vars?: Record<string, string>;
}

/** One decision with how sure the analyser is (0–1) and why. */
export interface Judgement<T> {
  value: T;
  confidence: number;
  reason: Reason;
}

export interface Analysis {
  urgency: Judgement<Level>;
  importance: Judgement<Level>;
  category: Judgement<Category>;
  spam: Judgement<boolean>;
  /**
   * Suspected phishing (impersonation, hidden links, a request for
   * credentials…): the UI shows a warning instead of the traffic light.
   * Always spam too. Absent in analyses from before it existed and from LLMs.
   */
  phishing?: Judgement<boolean>;
  newsletter: Judgement<boolean>;
  /** One or two sentences; "" when the analyser has none. */
  summary: string;
  /** ISO 639-1 ("de", "en"), null when unknown. */
  language: string | null;
  /**
   * Suggested tags, each one of the user's own: at most three from the
   * local analyser (learned from the user's tagging, with `tagId` and a
   * reason: src/analysis/local/tag-model.ts), at most five from an LLM
   * (names only). Analyses stored before learning have neither field.
   */
  tags: { name: string; confidence: number; tagId?: string; reason?: Reason }[];
}

/** Who produced an analysis. */
export interface Provenance {
  provider: ProviderKind;
  model: string | null;
  /** An LLM was asked, but this is the local analyser's answer: why (e.g. "invalid_output", "timeout", "budget_spent"). */
  fallbackReason: string | null;
}

/**
 * The message as an analyser sees it: decrypted, never logged, never put
 * in a job payload.
 */
export interface AnalysisInput {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** The selected list/priority headers (List-Unsubscribe, List-Id, Precedence, Auto-Submitted…). */
  headers: SelectedHeaders;
  /** The raw header block as received (unfolded or not; capped), for header tokens; "" when not kept. */
  rawHeaders: string;
  /** Plain text of the body (derived from the HTML when there is no text part). */
  text: string;
  /** The HTML body as sent, when there is one (for link texts that show another domain than they go to). */
  html?: string | null;
  /** File names of the attachments that are not inline parts. */
  attachmentNames?: string[];
  /** The special-use role of the server folder the message is in ("junk": the server judged it spam), null when none or unknown. */
  folderRole?: string | null;
  /** ISO date of the Date header, or null. */
  date: string | null;
  hasAttachments: boolean;
  /** A text/calendar part or .ics attachment was found. */
  isCalendar: boolean;
  /** The addresses of the user's own mailboxes (lower case): "to me directly" vs CC vs bulk, and replies to own mail. */
  ownAddresses: string[];
  /** The message answers a message the user sent (its In-Reply-To is one of the user's own messages). */
  repliesToOwnMail: boolean;
  /** The names of the user's tags, to suggest from. */
  userTags: string[];
}

/** How `analyses.detail_encrypted` is bound (AAD): the whole `Analysis` as JSON, under the owner's data key. */
export function analysisBinding(userId: string, messageId: string) {
  return { owner: userId, purpose: `analysis:${messageId}` };
}
