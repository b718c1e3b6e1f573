/**
 * The kind of a message that asks nothing of the user, as mail providers
 * sort it: newsletter, notification, social network, personal. The rules
 * and the learned model score only how much a message asks
 * (ATTENTION_CATEGORIES); "action_required" and "urgent" stay as they are,
 * and "information" becomes one of the kinds when the message's senders and
 * headers say which, from signals the analyser already has.
 *
 * In this order, first match wins:
 * - social: sent from a social network's domain (they send with
 *   List-Unsubscribe, so this comes before newsletter);
 * - notification: an automated sender (no-reply, Auto-Submitted) about an
 *   order, a delivery, an invoice, a sign-in or a password;
 * - newsletter: List-Unsubscribe, List-Id or Precedence bulk/list;
 * - notification: any other automated sender;
 * - personal: to the user directly, one to one or nearly, from a person's
 *   address, no bulk headers.
 *
 * @example
 * refineCategory(categoryJudgement, input, signals)
 * // { value: "newsletter", confidence: 0.9, reason: { code: "list_unsubscribe" } }
 */
import { ATTENTION_CATEGORIES, CATEGORIES, type AnalysisInput, type Category, type Judgement, type Reason } from "../types.ts";
import type { HeaderSignals } from "./signals.ts";

/**
 * The index the rules and the learned model score a category as: a kind of
 * information counts as "information"; -1 for a value that is no category.
 * For a sender hint or a correction naming one of the new categories.
 */
export function attentionIndex(category: Category): number {
  if (!(CATEGORIES as readonly string[]).includes(category)) return -1;
  const index = (ATTENTION_CATEGORIES as readonly string[]).indexOf(category);
  return index >= 0 ? index : ATTENTION_CATEGORIES.indexOf("information");
}

const SOCIAL_DOMAINS = new Set(
  "facebook.com facebookmail.com fb.com instagram.com linkedin.com xing.com x.com twitter.com threads.net tiktok.com pinterest.com reddit.com redditmail.com youtube.com discord.com discordapp.com snapchat.com bsky.app tumblr.com quora.com flickr.com meetup.com strava.com nebenan.de stayfriends.de vk.com mastodon.social mstdn.social chaos.social".split(
    " ",
  ),
);
/** Mastodon instances are many: a host labelled "mastodon" or "mstdn" is one. */
const FEDIVERSE_HOST = /(?:^|\.)(?:mastodon|mstdn)\./;
/** Automated senders the header signals do not already name ("account-security-noreply@…", "versandbestaetigung@…"). */
const AUTOMATED_LOCAL_PART =
  /(?:^|[-_.+])(?:no-?reply|do-?not-?reply|donotreply|notifications?|notify|alerts?|security|automated|mailer|system|keine-?antwort|versand\p{L}*|bestell\p{L}*|rechnung\p{L}*)(?:[-_.+]|$)/u;
const TRANSACTIONAL = new RegExp(
  String.raw`(?<![\p{L}])(?:${[
    "bestellung|bestellbestätigung|auftragsbestätigung|versand(?:bestätigung)?|versandt|versendet|lieferung|zustellung|sendung|paket|rechnung|zahlung(?:seingang)?|quittung|beleg|kontoauszug|abbuchung|lastschrift|passwort|kennwort|anmeldung|neue anmeldung|sicherheitscode|bestätigungscode|verifizierung|buchung(?:sbestätigung)?|reservierung|ticket|kündigungsbestätigung|vertragsänderung",
    "order|shipped|shipping|shipment|delivery|delivered|dispatched|invoice|receipt|payment|password|reset|sign[- ]in|log[- ]?in|verification|verify|security (?:code|alert)|one-time code|booking|reservation|confirmation|statement|renewal|subscription",
  ].join("|")})(?![\p{L}])`,
  "u",
);
/** A subject that sells (lower case): a discount, a sale, something free. */
const PROMOTION = /\d\s?%|(?<![\p{L}])(?:rabatt\p{L}*|sale|angebot\p{L}*|gratis|kostenlos\p{L}*|gutschein\p{L}*|free|deals?|discount|coupon|black (?:week|friday)|cyber monday)(?![\p{L}])/u;
/** Role addresses: a company's or team's mailbox, not a person's. */
const ROLE_LOCAL_PART =
  /^(?:info|kontakt|contact|service|support|team|hello|hallo|office|buero|büro|sales|vertrieb|verkauf|marketing|news|newsletter|admin|billing|rechnung|buchhaltung|accounting|hr|jobs|karriere|career|presse|press|mail|post|webmaster|shop|orders?|bestellung|kundenservice|customer\w*)(?:[-_.+@]|$)/;
/** At most this many recipients in To and CC for a personal message. */
const PERSONAL_RECIPIENTS = 3;
/** How much of the body is read for transactional words: notifications say what they are about at the top. */
const BODY_CHARS = 500;

const CONFIDENCE = { social: 0.9, newsletter: 0.9, transactional: 0.85, automated: 0.75, personal: 0.7 } as const;

/**
 * The category for a message the rules rated `decided`: unchanged unless
 * it is "information" and the senders and headers say which kind it is.
 */
export function refineCategory(decided: Judgement<Category>, input: Pick<AnalysisInput, "subject" | "text" | "from" | "to" | "cc">, signals: HeaderSignals): Judgement<Category> {
  if (decided.value !== "information") return decided;
  const refined = (value: Category, confidence: number, reason: Reason): Judgement<Category> => ({ value, confidence, reason });
  const sender = input.from[0]?.address.toLowerCase() ?? "";
  const at = sender.lastIndexOf("@");
  const local = at >= 0 ? sender.slice(0, at) : "";
  const domain = at >= 0 ? sender.slice(at + 1) : "";

  const social = socialDomain(domain);
  if (social) return refined("social", CONFIDENCE.social, { code: "social_network", vars: { domain: social } });

  const automated = automatedBecause(signals, local, sender);
  const bulk = bulkBecause(signals);
  if (automated) {
    // Bulk mail by its subject only, and not when the subject sells: every shop's offer says "Gratis Versand" or
    // "free shipping" somewhere.
    const phrase = bulk && PROMOTION.test(input.subject.toLowerCase()) ? null : transactionalPhrase(input.subject, bulk ? "" : input.text);
    if (phrase) return refined("notification", CONFIDENCE.transactional, { code: "transactional", vars: { phrase } });
  }
  if (bulk) return refined("newsletter", CONFIDENCE.newsletter, bulk);
  if (automated) return refined("notification", CONFIDENCE.automated, automated);

  if (signals.addressing === "direct" && input.to.length + input.cc.length <= PERSONAL_RECIPIENTS && local && !ROLE_LOCAL_PART.test(local)) {
    return refined("personal", CONFIDENCE.personal, { code: "personal_sender" });
  }
  return decided;
}

function socialDomain(domain: string): string | null {
  if (!domain) return null;
  if (FEDIVERSE_HOST.test(domain)) return domain;
  // The domain itself or a parent: "mail.linkedin.com", "notification.xing.com".
  for (let candidate = domain; ; ) {
    if (SOCIAL_DOMAINS.has(candidate)) return candidate;
    const dot = candidate.indexOf(".");
    if (dot < 0) return null;
    candidate = candidate.slice(dot + 1);
  }
}

function automatedBecause(signals: HeaderSignals, local: string, sender: string): Reason | null {
  if (signals.noReply) return { code: "no_reply_sender", vars: { address: signals.noReply } };
  if (signals.autoSubmitted) return { code: "auto_submitted", vars: { value: signals.autoSubmitted } };
  if (local && AUTOMATED_LOCAL_PART.test(local)) return { code: "no_reply_sender", vars: { address: sender } };
  return null;
}

function bulkBecause(signals: HeaderSignals): Reason | null {
  if (signals.listUnsubscribe) return { code: "list_unsubscribe" };
  if (signals.listId) return { code: "mailing_list" };
  if (signals.precedence) return { code: "precedence_bulk", vars: { value: signals.precedence } };
  return null;
}

function transactionalPhrase(subject: string, text: string): string | null {
  const match = TRANSACTIONAL.exec(subject.toLowerCase()) ?? TRANSACTIONAL.exec(text.slice(0, BODY_CHARS).toLowerCase());
  return match ? match[0] : null;
}
