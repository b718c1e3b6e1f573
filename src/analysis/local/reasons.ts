/**
 * The reason codes the local analyser gives (i18n keys `reason.<code>`,
 * with the placeholders named in the comment), and which code a rule token
 * is shown as.
 */
import type { Reason } from "../types.ts";
import type { Cues } from "./cues.ts";
import type { HeaderSignals } from "./signals.ts";

export const LOCAL_REASON_CODES = [
  "deadline", // {phrase}
  "urgent_word", // {phrase}
  "request", // {phrase}
  "question", // {phrase}
  "escalation", // {phrase}
  "invoice", // {phrase}
  "meeting", // {phrase}
  "unsubscribe_link",
  "calendar_invite",
  "reply_to_own",
  "high_priority",
  "low_priority",
  "list_unsubscribe",
  "mailing_list",
  "precedence_bulk", // {value}
  "no_reply_sender", // {address}
  "auto_submitted", // {value}
  "direct_to_you",
  "cc_only",
  "not_addressed",
  "no_cues",
  "not_bulk",
  "spam_content", // {percent}
  "ham_content", // {percent}
  "spam_unsure", // {percent}
  "spam_message",
  "learned",
  "sender_pattern",
  "security_notice", // {phrase}
  "server_spam", // {header}
  "junk_folder",
  "authenticated_newsletter", // {domain}
  "authenticated_sender", // {domain}
  "own_address",
  "not_urgent_unvouched",
  "not_urgent_bulk",
  "brand_impersonation", // {brand} {domain}
  "lookalike_domain", // {domain} {brand}
  "link_mismatch", // {shown} {target}
  "reply_to_elsewhere", // {domain}
  "own_domain_impersonation", // {domain} {sender}
  "spoofed_own_address", // {address}
  "several_senders", // {address}
  "sender_name_split",
  "payment_pressure", // {phrase}
  "archive_attachment", // {name}
  "asks_credentials",
  "pressure", // {phrase}
  "auth_failed", // {result}
  "risky_attachment", // {name}
  "url_shortener", // {domain}
  "ip_address_link", // {domain}
  "free_hosting_link", // {domain}
  "prize_bait", // {phrase}
  "scam_story", // {phrase}
  "crypto_bait", // {phrase}
  "hidden_filler", // {phrase}
  "shouting_subject",
  "cheap_domain", // {domain}
  "archive_link", // {name}
  "share_lure", // {phrase}
  "parcel_lure", // {phrase}
  "payroll_lure", // {phrase}
  "collection_threat", // {phrase}
  "meeting_link_lure", // {brand} {domain}
  "qr_code_lure",
  "lure_domain", // {domain}
  "mixed_script", // {word}
  "spam_offer", // {phrase}
  "fake_reply",
  "template_placeholder", // {phrase}
  "greeted_by_address",
  "name_shows_address", // {address}
  "public_image_host", // {domain}
  "social_network", // {domain}  (category.ts)
  "transactional", // {phrase}  (category.ts)
  "personal_sender", //  (category.ts)
  "vip_sender", //  (vip.ts)
] as const;
export type LocalReasonCode = (typeof LOCAL_REASON_CODES)[number];

export function reason(code: LocalReasonCode, vars?: Record<string, string>): Reason {
  return vars ? { code, vars } : { code };
}

/** How a rule token reads as a reason, with the phrase or header value that set it. */
export function reasonForToken(token: string, cues: Cues, signals: HeaderSignals): Reason {
  switch (token) {
    case "cue:deadline":
      return reason("deadline", { phrase: cues.deadline ?? "" });
    case "cue:urgent":
      return reason("urgent_word", { phrase: cues.urgent ?? "" });
    case "cue:request":
      return reason("request", { phrase: cues.request ?? "" });
    case "cue:question":
      return reason("question", { phrase: cues.question ?? "" });
    case "cue:escalation":
      return reason("escalation", { phrase: cues.escalation ?? "" });
    case "cue:invoice":
      return reason("invoice", { phrase: cues.invoice ?? "" });
    case "cue:meeting":
      return reason("meeting", { phrase: cues.meeting ?? "" });
    case "cue:unsubscribe":
    case "sig:campaign_mailing":
      return reason("unsubscribe_link");
    case "cue:security":
      return reason("security_notice", { phrase: cues.security ?? "" });
    case "sig:calendar":
      return reason("calendar_invite");
    case "sig:reply_to_own":
      return reason("reply_to_own");
    case "sig:high_priority":
      return reason("high_priority");
    case "sig:low_priority":
      return reason("low_priority");
    case "sig:list_unsubscribe":
      return reason("list_unsubscribe");
    case "sig:list_id":
      return reason("mailing_list");
    case "sig:precedence_bulk":
    case "sig:precedence_list":
    case "sig:precedence_junk":
      return reason("precedence_bulk", { value: signals.precedence ?? token.slice("sig:precedence_".length) });
    case "sig:no_reply":
      return reason("no_reply_sender", { address: signals.noReply ?? "" });
    case "sig:auto_submitted":
      return reason("auto_submitted", { value: signals.autoSubmitted ?? "" });
    case "sig:addr_direct":
      return reason("direct_to_you");
    case "sig:addr_cc":
      return reason("cc_only");
    case "sig:addr_bulk":
      return reason("not_addressed");
    default:
      return reason("no_cues");
  }
}
