/**
 * What the headers and the envelope say about a message, before any words
 * are read: mailing list or newsletter, automated, from a no-reply address,
 * a calendar invitation, an answer to the user's own mail, and whether the
 * user is addressed directly, in CC or not at all (bulk).
 */
import type { AnalysisInput } from "../types.ts";
import { headerFields } from "./raw-headers.ts";

export type Addressing = "direct" | "cc" | "bulk" | "unknown";

export interface HeaderSignals {
  listUnsubscribe: boolean;
  listId: boolean;
  /**
   * List-Post names an address members write to (RFC 2369): a discussion list, not a newsletter. "NO" marks an
   * announcement list, and a web address (Substack's) a page to comment on.
   */
  discussionList: boolean;
  /** bulk, list or junk, when the Precedence header says so. */
  precedence: string | null;
  /** The Auto-Submitted value when it is not "no" (auto-replied, auto-generated…). */
  autoSubmitted: string | null;
  /** The sender's address when it is a no-reply or notification address. */
  noReply: string | null;
  calendar: boolean;
  repliesToOwnMail: boolean;
  addressing: Addressing;
  /** X-Priority 1–2 or Importance: high. */
  highPriority: boolean;
  /** X-Priority 4–5 or Importance: low. */
  lowPriority: boolean;
  /**
   * The HTML is built as a campaign is: a preheader hidden from view (display:none with max-height:0, or
   * mso-hide:all) or a 1×1 tracking image. Transactional mail is often built so too; only with an unsubscribe
   * footer does it count as a mailing (analyse.ts).
   */
  campaignMarkup: boolean;
}

const NO_REPLY =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|noreply|no-response|mailer-daemon|postmaster|notifications?|notify|alerts?|automailer|bounce[s]?|newsletter|news|mailer|auto(?:mated)?|marketing|keine[-_.]?antwort|nicht[-_.]?antworten)(?:[-_.+][^@]*)?@/i;
const LIST_POST = new Set(["list-post"]);
/** How much of the HTML is searched for campaign markup: preheader and pixel sit near the top or the very end. */
const MARKUP_SCAN_CHARS = 60_000;
const HIDDEN_PREHEADER = /display\s*:\s*none[^"'>]{0,300}max-height\s*:\s*0|max-height\s*:\s*0[^"'>]{0,300}display\s*:\s*none|mso-hide\s*:\s*all/i;
const TRACKING_PIXEL = /<img\b[^>]{0,400}?\b(?:width=["']?1(?:px)?["'\s][^>]{0,400}?\bheight=["']?1(?:px)?["'\s/>]|height=["']?1(?:px)?["'\s][^>]{0,400}?\bwidth=["']?1(?:px)?["'\s/>])/i;
/** More recipients than this in To and CC: a circular, not a message to the user. */
const BULK_RECIPIENTS = 15;

export function headerSignals(input: AnalysisInput): HeaderSignals {
  const headers = input.headers;
  const precedence = headers.precedence?.trim().toLowerCase() ?? "";
  const autoSubmitted = headers["auto-submitted"]?.trim().toLowerCase() ?? "";
  const sender = input.from[0]?.address.toLowerCase() ?? "";
  const xPriority = Number.parseInt(headers["x-priority"] ?? "", 10);
  const importance = headers.importance?.trim().toLowerCase() ?? "";
  return {
    listUnsubscribe: Boolean(headers["list-unsubscribe"]),
    listId: Boolean(headers["list-id"]),
    discussionList: headerFields(input.rawHeaders, LIST_POST).some((field) => field.value.toLowerCase().includes("<mailto:")),
    precedence: ["bulk", "list", "junk"].includes(precedence) ? precedence : null,
    autoSubmitted: autoSubmitted && autoSubmitted !== "no" ? autoSubmitted.split(";")[0]!.trim() : null,
    noReply: NO_REPLY.test(sender) ? sender : null,
    calendar: input.isCalendar,
    repliesToOwnMail: input.repliesToOwnMail,
    addressing: addressing(input),
    highPriority: xPriority === 1 || xPriority === 2 || importance === "high",
    lowPriority: xPriority === 4 || xPriority === 5 || importance === "low",
    campaignMarkup: campaignMarkup(input.html),
  };
}

function campaignMarkup(html: string | null | undefined): boolean {
  if (!html) return false;
  if (html.length <= 2 * MARKUP_SCAN_CHARS) return HIDDEN_PREHEADER.test(html) || TRACKING_PIXEL.test(html);
  const head = html.slice(0, MARKUP_SCAN_CHARS);
  const tail = html.slice(-MARKUP_SCAN_CHARS);
  return HIDDEN_PREHEADER.test(head) || TRACKING_PIXEL.test(head) || TRACKING_PIXEL.test(tail);
}

function addressing(input: AnalysisInput): Addressing {
  if (input.ownAddresses.length === 0) return "unknown";
  const own = new Set(input.ownAddresses.map((address) => address.toLowerCase()));
  const mine = (list: AnalysisInput["to"]) => list.some((address) => own.has(address.address.toLowerCase()));
  if (input.to.length + input.cc.length > BULK_RECIPIENTS) return "bulk";
  if (mine(input.to)) return "direct";
  if (mine(input.cc)) return "cc";
  return "bulk";
}

/** Tokens for the feature vector, so learned models can weigh the signals too. */
export function signalTokens(signals: HeaderSignals): string[] {
  const tokens = [`sig:addr_${signals.addressing}`];
  if (signals.listUnsubscribe) tokens.push("sig:list_unsubscribe");
  if (signals.listId) tokens.push("sig:list_id");
  if (signals.discussionList) tokens.push("sig:discussion_list");
  if (signals.precedence) tokens.push(`sig:precedence_${signals.precedence}`);
  if (signals.autoSubmitted) tokens.push("sig:auto_submitted");
  if (signals.noReply) tokens.push("sig:no_reply");
  if (signals.calendar) tokens.push("sig:calendar");
  if (signals.repliesToOwnMail) tokens.push("sig:reply_to_own");
  if (signals.highPriority) tokens.push("sig:high_priority");
  if (signals.lowPriority) tokens.push("sig:low_priority");
  return tokens;
}
