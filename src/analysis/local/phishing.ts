/**
 * Signs of phishing and scams the spam prior (2002 English spam) cannot
 * know: a brand named by a sender that is not the brand, look-alike and
 * punycode domains, a link whose text shows one domain while it goes to
 * another, a request for credentials from a sender nobody vouched for,
 * risky attachments, link shorteners, prize-draw bait. Each signal is a
 * reason the user can read, with a weight; see `judgeSuspicion` for how
 * they add up.
 *
 * The sender's authentication (./authentication.ts) decides how much the
 * ambiguous ones count: a newsletter from an aligned, authenticated domain
 * links through its tracking domain and names other brands all the time;
 * a mail nobody vouched for that does the same is suspect.
 */
import type { AnalysisInput, Reason } from "../types.ts";
import type { Authentication } from "./authentication.ts";
import { BRAND_NAME_PATTERN, BRAND_TOKENS, brandByLabel, brandByName, brandOfDomain, isBrandDomain, type Brand } from "./brands.ts";
import {
  addressDomain,
  FREEMAIL_DOMAINS,
  isAnyonesAddress,
  isFreeHosting,
  isPublicImageHost,
  isPublicIpHost,
  isPunycode,
  linkHosts,
  nameMatchesDomain,
  organisationDomain,
  skeleton,
  URL_SHORTENERS,
} from "./domains.ts";
import { ownText } from "./cues.ts";
import { undisguised } from "./disguise.ts";
import { MAX_LINKS_CHECKED, MAX_PHISHING_HTML_CHARS, MAX_PHISHING_TEXT_CHARS, MAX_RAW_HEADER_SCAN_CHARS } from "./limits.ts";
import { headerFields } from "./raw-headers.ts";
import { reason } from "./reasons.ts";
import {
  CREDENTIAL_REQUEST,
  CREDENTIAL_WORD,
  PRESSURE,
  PRIZE,
  GIVEAWAY,
  CONGRATULATIONS,
  GIFT_CARDS,
  PAYMENT_PRESSURE,
  SCAM_STORY,
  SPAM_OFFER,
  BANK_CHANGE,
  BITCOIN_ADDRESS,
  BITCOIN_WORD,
  CRYPTO_BAIT,
  HIDDEN_FILLER_CSS,
  HOSTED_FORM,
  ATTACHMENT_LURE,
  HIJACKED_SITE_PATH,
  ARCHIVE_PASSWORD,
  CODES_WANTED,
  ARCHIVE_ATTACHMENT,
  CHEAP_TLD,
  RISKY_ATTACHMENT,
  DOUBLE_EXTENSION,
  ARCHIVE_LINK,
  BUSINESS_ARCHIVE_NAME,
  SHARE_SERVICES,
  SHARE_BRANDS,
  SHARE_LURE,
  PAYROLL_LURE,
  PARCEL_WORD,
  PARCEL_DEMAND,
  COLLECTION_THREAT,
  MEETING_SERVICES,
  QR_LURE,
  lureDomain,
} from "./phishing-vocabulary.ts";

export interface Suspicion {
  reason: Reason;
  weight: number;
  /** A sign of phishing (impersonation, hidden links, credentials, payloads), not merely of spam. */
  phishing: boolean;
}

export interface SuspicionVerdict {
  /** Spam whatever the prior says (weights reach SUSPECT_SCORE). */
  spam: boolean;
  /** …and at least one signal is a phishing one: the user sees a warning. */
  phishing: boolean;
  score: number;
  /** Strongest first. */
  signals: Suspicion[];
}

/** Weights add up to this: spam (or phishing). Any one strong signal (3) reaches it, weak ones need company. */
export const SUSPECT_SCORE = 3;
const STRONG = 3;
const MEDIUM = 2;
const WEAK = 1;

/** An anchor whose whole text is a domain or URL (the HTML), and such a text followed by html-to-text's " [href]" (the text). */
const ANCHOR = /<a\s[^>]*?href\s*=\s*["']?(https?:\/\/[^"'\s>]+)[^>]*>([^<]{3,200})<\/a>/gi;
const DISPLAYED_DOMAIN = /^\s*(?:https?:\/\/)?((?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,})(?:[/?#]\S*)?\s*$/i;
/** The last word of a text (a run without white space), by steps back from its end: a regex anchored at the end would try every position. */
function lastWord(text: string): string {
  const trimmed = text.trimEnd();
  let start = trimmed.length;
  while (start > 0 && !/\s/.test(trimmed[start - 1]!)) start--;
  return trimmed.slice(start);
}
/** Link texts that are file names, not domains ("setup.exe", "index.html"). */
const FILE_NAME = /\.(?:exe|pdf|docx?|xlsx?|html?|php|aspx?|jpe?g|png|gif|txt|zip)$/;

/** The domain a link shows and the one it goes to, for each link whose text is a domain. */
function shownLinks(text: string, html: string | undefined): { shown: string; target: string }[] {
  const links: { shown: string; target: string }[] = [];
  // indexOf steps, not one regex over the text: a regex looking back for the domain would backtrack on long runs of dots.
  for (let at = text.indexOf("[http"); at >= 0 && links.length < MAX_LINKS_CHECKED; at = text.indexOf("[http", at + 5)) {
    const before = lastWord(text.slice(Math.max(0, at - 200), at));
    const shown = DISPLAYED_DOMAIN.exec(before);
    if (shown) links.push({ shown: shown[1]!.toLowerCase(), target: linkHosts(text.slice(at + 1, at + 300), 1)[0] ?? "" });
  }
  if (!html) return links;
  const head = html.length > MAX_PHISHING_HTML_CHARS ? html.slice(0, MAX_PHISHING_HTML_CHARS) : html;
  for (const match of head.matchAll(ANCHOR)) {
    if (links.length >= MAX_LINKS_CHECKED) break;
    const shown = DISPLAYED_DOMAIN.exec(match[2]!);
    if (shown) links.push({ shown: shown[1]!.toLowerCase(), target: linkHosts(match[1]!, 1)[0] ?? "" });
  }
  return links;
}

/** A mail-merge field left unfilled: "{firstname}", "%EMAIL%", "[FNAME]", "*|FNAME|*", "{{name}}", "#CURL#". */
const PLACEHOLDER =
  /\{\{?\s*(?:first_?name|last_?name|name|vorname|nachname|e-?mail|email_address)\s*\}\}?|\{\{\s*[a-z][a-z_]*(?:name|email|company|firma)\s*\}\}|%(?:first_?name|name|e-?mail|vorname)%|\*\|(?:fname|lname|email)\|\*|\[(?:fname|lname|first_?name|vorname|email)\]|#(?:curl|email|name)#/i;

/** A greeting just before the reader's address: "Hallo anna@example.org," — whoever wrote it knew the address only. */
const GREETING_BEFORE = /(?:^|[^\p{L}])(?:hallo|hi|hello|dear|guten tag|liebe[r]?|sehr geehrte[r]?|moin|servus)[\s,]*$/u;

function greetedByAddress(lowerText: string, ownAddresses: string[]): boolean {
  const opening = lowerText.slice(0, 1_500);
  return ownAddresses.some((address) => {
    const at = opening.indexOf(address.toLowerCase());
    return at >= 0 && GREETING_BEFORE.test(opening.slice(Math.max(0, at - 25), at));
  });
}

/**
 * An e-mail address that ends a display name, with its domain. Forwarders
 * that name the original sender put more after it ("anna@example.org [via
 * Relay]", "'anna@example.org' via Club"), which is no pretence.
 */
const ADDRESS_IN_NAME = /[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})(?=[\s)>'"]*$)/i;

/** A link to a host written as one decimal or hexadecimal number: an IP address in disguise. */
const NUMERIC_HOST = /\bhttps?:\/\/(\d{8,}|0x[0-9a-f]{6,})(?=[/:?#\s\]"'>)]|$)/i;

/** A reply by its subject ("Re:", "AW:") to no message: no In-Reply-To and no References in a header block that was kept whole. */
function fakeReply(subject: string, rawHeaders: string): boolean {
  if (!/^\s*(?:re|aw|antw)\s*:/i.test(subject) || !/^from:/im.test(rawHeaders) || rawHeaders.length >= MAX_RAW_HEADER_SCAN_CHARS) return false;
  return !/^(?:in-reply-to|references):/im.test(rawHeaders);
}

/** Tokens this short are only matched as a whole part of a label ("dhl-paket.info"), not inside words ("adhlab"). */
const SHORT_TOKEN = 5;

/** The brand a domain imitates: punycode aside, a brand's token inside it or its look-alike, while it is not the brand's. */
function imitatedBrand(host: string): Brand | null {
  const organisation = organisationDomain(host);
  if (brandOfDomain(organisation)) return null;
  const folded = skeleton(host);
  const parts = host.split(/[.-]/);
  for (const { brand, token, folded: foldedToken } of BRAND_TOKENS) {
    if (token.length < SHORT_TOKEN ? parts.includes(token) : host.includes(token) || folded.includes(foldedToken)) return brand;
  }
  return null;
}

/** White space runs as one space: text from HTML is wrapped, and the phrase lists are written with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");

/**
 * The distinct phrases of a global pattern (at most three are looked for)
 * in `${first}\n${rest}` read flat, given `rest` flat already: the same long
 * head is read for several patterns.
 */
function distinctPhrases(pattern: RegExp, first: string, flatRest: string): string[] {
  const text = `${flat(first).trimEnd()} ${flatRest.startsWith(" ") ? flatRest.slice(1) : flatRest}`;
  const found = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    found.add(match[0]);
    if (found.size === 3) break;
  }
  return [...found];
}

const scamStory = (first: string, flatRest: string) => distinctPhrases(SCAM_STORY, first, flatRest);

/**
 * Prize bait and its weight. From a sender that is who it says (someone
 * vouches for it, a newsletter service signed it, or its name is its own
 * domain's) only a win announced counts, and in list mail only in the
 * subject: shops and newspapers raffle things off in their newsletters.
 * From anyone else, one speaking as a shop it is not above all, the
 * giveaway's words count too, wherever they are, and two distinct ones are
 * the scam; three deserve the warning.
 */
function prizeBait(lowerSubject: string, head: string, flatHead: string, bulk: boolean, answeredFor: boolean): { phrases: string[]; weight: number } {
  if (answeredFor) {
    const win = PRIZE.exec(lowerSubject) ?? (bulk ? null : PRIZE.exec(head));
    return { phrases: win ? [win[0]] : [], weight: win ? MEDIUM : 0 };
  }
  const win = PRIZE.exec(`${lowerSubject}\n${head}`);
  const found = [...new Set([...(win ? [win[0]] : []), ...distinctPhrases(GIVEAWAY, lowerSubject, flatHead)])].slice(0, 3);
  // Congratulations alone are a birthday's as often: they count only beside the bait itself.
  const phrases = found.every((phrase) => CONGRATULATIONS.test(phrase)) ? [] : found;
  // One such phrase in a list's text is talk ("I'd win a bet"); in its subject, or two of them, it is the offer.
  if (bulk && phrases.length === 1 && !lowerSubject.includes(phrases[0]!)) return { phrases: [], weight: 0 };
  return { phrases, weight: phrases.length === 0 ? 0 : phrases.length === 1 ? MEDIUM : STRONG };
}

/**
 * A brand's own domain worn as a subdomain of another one
 * ("brightwateraccounting-my.sharepoint.com.doc-view.online",
 * "paypal.de.kundencenter.info"): the host starts like the brand's and
 * belongs to someone else. Real links never do this.
 */
function embeddedBrandDomain(host: string): Brand | null {
  const organisation = organisationDomain(host);
  if (host === organisation || brandOfDomain(organisation)) return null;
  const labels = host.slice(0, host.length - organisation.length - 1).split(".");
  for (let end = labels.length; end >= 2; end--) {
    for (let start = end - 2; start >= 0; start--) {
      const brand = brandOfDomain(labels.slice(start, end).join("."));
      if (brand) return brand;
    }
  }
  return null;
}

/** Words a brand's own service names add to the brand ("PayPal Service", "Microsoft account team", "ADAC Gewinnspiel"). */
const SERVICE_WORDS =
  /^(?:service|kundenservice|kundendienst|kundenbetreuung|team|support|hilfe|help|account|konto|kundenkonto|online|banking|online-banking|sicherheit|security|sicherheitsteam|info|information|informationen|benachrichtigung|benachrichtigungen|mitteilung|notification|notifications|alert|alerts|customer|care|kunden|center|centre|de|deutschland|germany|gewinnspiel|aktion|rewards|prämien|zustellung|delivery|versand|paket|express|id|pay|the|der|die|das|ihr|ihre|your|von|from|of|für|for|&|und|and|-|\||·)$/;

/** The name shown is the brand's ("Postbank", "PayPal Service"), not a name that mentions it ("Apple Händler Müller"). */
function nameIsBrand(name: string, match: RegExpExecArray): boolean {
  const words = `${name.slice(0, match.index)} ${name.slice(match.index + match[0].length)}`.split(/[\s,:"'()]+/).filter(Boolean);
  return words.every((word) => SERVICE_WORDS.test(word));
}

const FROM_FIELD = new Set(["from"]);

/**
 * A comma outside quotes in the sender's name ("Amazon Prime, jehd <service@…>", '"Gutschein", <…>'): the name
 * splits off as an entry of its own, and some mail programs show it alone. Every mail program quotes such a name.
 */
function senderNameSplit(rawHeaders: string): boolean {
  const value = headerFields(rawHeaders, FROM_FIELD)[0]?.value ?? "";
  const angle = value.indexOf("<");
  return (
    angle > 0 &&
    value
      .slice(0, angle)
      .replace(/"[^"]*"/g, "")
      .includes(",")
  );
}

/** A forward ("Fwd:", "WG:", "FW:"): what it forwards is not what its sender says. */
const FORWARD_SUBJECT = /^\s*(?:(?:fwd?|wg|weitergeleitet)\s*:\s*)+/i;

/**
 * A brand's own, authenticated mail is the brand's: nothing to suspect, but
 * the story a scammer writes into it. Payment services send invoices and
 * money requests with a note anyone can fill in ("Invoice from Norton
 * Billing Dept … call +1 …"), so a whole scam story (three phrases) still
 * counts there.
 */
function brandsOwnMail(input: AnalysisInput): SuspicionVerdict {
  const story = scamStory(input.subject.toLowerCase(), flat(input.text.slice(0, 4_000).toLowerCase()));
  if (story.length < 3) return { spam: false, phishing: false, score: 0, signals: [] };
  const signal = { weight: STRONG, phishing: true, reason: reason("scam_story", { phrase: story.join(", ") }) };
  return { spam: true, phishing: true, score: STRONG, signals: [signal] };
}

/** The registrable domains of the user's own addresses, freemail services left out (anyone has an address there). */
function ownOrganisations(addresses: string[]): string[] {
  return [...new Set(addresses.map((address) => organisationDomain(addressDomain(address))))].filter((domain) => domain && !FREEMAIL_DOMAINS.has(domain));
}

function brandNamed(text: string): Brand | undefined {
  const match = BRAND_NAME_PATTERN.exec(text.toLowerCase());
  return match ? brandByName(match[0]) : undefined;
}

/**
 * A display name that is a brand's label and nothing else ("Ledger"), too ordinary a word to look for on its own,
 * over a text that names the brand in full ("Ledger Live"): the name is the brand's.
 */
function labelledAs(lowerName: string, text: string): Brand | undefined {
  const brand = brandByLabel(lowerName.trim());
  return brand && brandNamed(text.slice(0, 4_000)) === brand ? brand : undefined;
}

/**
 * The phishing and scam signals of one message, and whether they add up to
 * spam (SUSPECT_SCORE) and to suspected phishing (the same, with at least
 * one phishing signal). A sender whose authenticated, aligned domain is a
 * listed brand's is that brand: nothing to suspect.
 */
export function judgeSuspicion(input: AnalysisInput, auth: Authentication, bulk: boolean): SuspicionVerdict {
  const sender = input.from[0];
  const fromDomain = addressDomain(sender?.address ?? "");
  const fromOrganisation = organisationDomain(fromDomain);
  // An address anyone can get: authentication of it says who sent it as little as a freemail account's.
  const freemail = isAnyonesAddress(fromDomain);
  const senderBrand = freemail ? undefined : brandOfDomain(fromOrganisation);
  if (senderBrand && auth.aligned) return brandsOwnMail(input);
  const vouched = auth.aligned;
  // A newsletter service signed this list mail (DKIM passed for its domain) and nothing failed: someone answers for it.
  const signedBulk = bulk && auth.dkim === "pass" && !auth.failed;
  const answeredFor = (vouched && !auth.noPolicy) || signedBulk;
  /** Authentication that says who the sender is: an account at a freemail service says nothing of the kind. */
  const identified = vouched && !freemail;
  const signals: Suspicion[] = [];
  const add = (weight: number, phishing: boolean, why: Reason) => signals.push({ weight, phishing, reason: why });

  const text = input.text.length > MAX_PHISHING_TEXT_CHARS ? input.text.slice(0, MAX_PHISHING_TEXT_CHARS) : input.text;
  // Someone whose address their provider vouched for, forwarding a warning or a scam they received: the words of the
  // forwarded mail are not theirs. Links and attachments still count, wherever they sit.
  const forwardedByVouched = vouched && !bulk && FORWARD_SUBJECT.test(input.subject);
  const body = undisguised((forwardedByVouched ? ownText(text) : text).toLowerCase());
  const subject = undisguised(input.subject.toLowerCase());
  const lowerText = body.text;
  const lowerHead = lowerText.slice(0, 4_000);
  const flatHead = flat(lowerHead);
  const lowerSubject = subject.text;
  const requestsCredentials = CREDENTIAL_REQUEST.test(lowerSubject) || CREDENTIAL_REQUEST.test(lowerText);
  const asksCredentials = requestsCredentials || CREDENTIAL_WORD.test(lowerSubject) || CREDENTIAL_WORD.test(lowerText);
  const pressure = PRESSURE.exec(lowerSubject) ?? PRESSURE.exec(lowerText);
  const hosts = linkHosts(text, MAX_LINKS_CHECKED);

  // A brand in the display name, or in the subject or text of a request for credentials, from a sender that is not the
  // brand. Newsletters and news name brands all day: in their text, a brand counts only in the display name.
  const shownName = undisguised((sender?.name ?? "").toLowerCase());
  const senderName = shownName.text;
  const displayedMatch = BRAND_NAME_PATTERN.exec(senderName);
  const displayed = displayedMatch ? brandByName(displayedMatch[0]) : labelledAs(senderName, text);
  const showsBrandAsName = displayedMatch !== null && nameIsBrand(senderName, displayedMatch);
  const inSubject = requestsCredentials && !bulk ? brandNamed(input.subject) : undefined;
  const inText = requestsCredentials && !bulk ? brandNamed(text.slice(0, 4_000)) : undefined;
  const mentioned = displayed ?? inSubject ?? inText;
  // An account at a freemail service is anyone's, even at the brand's own service ("Microsoft account team" at outlook.com).
  // No address at all behind the name ("UPS" <>) hides the sender as surely as another domain does.
  const named = mentioned && (!fromDomain || freemail || !isBrandDomain(mentioned, fromOrganisation)) ? mentioned : undefined;
  if (named) {
    // Authentication vouches for a domain, not for the name shown: an attacker's own domain passes DMARC as well as
    // a bank's, and sends through a newsletter service as easily. Only a newsletter from an authenticated domain (a
    // reseller's, a partner's) may mention a brand in its name; calling itself the brand is impersonation.
    const weight = named === displayed ? (vouched && bulk && !showsBrandAsName ? MEDIUM : STRONG) : named === inSubject ? MEDIUM : WEAK;
    add(weight, true, reason("brand_impersonation", { brand: named.label, domain: fromDomain }));
  }

  // The user's own organisation in the display name ("example.org IT-Support") or their address in the subject
  // ("Ihr Kennwort für anna@example.org läuft ab") from another organisation: the mail-admin phish.
  const own = ownOrganisations(input.ownAddresses);
  if (!bulk && fromOrganisation && !own.includes(fromOrganisation)) {
    const shownOwn = own.find((domain) => senderName.includes(domain));
    const addressedInSubject = input.ownAddresses.find((address) => lowerSubject.includes(address.toLowerCase()));
    if (shownOwn) add(STRONG, true, reason("own_domain_impersonation", { domain: shownOwn, sender: fromDomain }));
    else if (addressedInSubject && !identified) add(MEDIUM, true, reason("own_domain_impersonation", { domain: addressedInSubject, sender: fromDomain }));
  }
  // Mail "from" the user's own address that their server could not verify: a forged sender (blackmail, fake bounces).
  // Not list mail: a list that rewrites the user's own post breaks its signature honestly.
  const fromOwn = sender && input.ownAddresses.some((address) => address.toLowerCase() === sender.address.toLowerCase());
  if (fromOwn && auth.failed && !bulk) add(STRONG, true, reason("spoofed_own_address", { address: sender.address }));
  // A From naming several addresses ('"Transport@GLS.de", <service@…>'): clients show the first, which the sender
  // chose freely, and DMARC vouches for no such message (RFC 7489 6.6.1). In 35 of 360 real phishing mails; in none of
  // the 5,100 genuine ones here (SpamAssassin's ham, the dev and blind sets, real mail).
  const addressed = input.from.filter((entry) => entry.address);
  if (addressed.length > 1) add(STRONG, true, reason("several_senders", { address: addressed[0]!.address }));
  else if (senderNameSplit(input.rawHeaders)) add(MEDIUM, false, reason("sender_name_split"));

  // A look-alike or punycode domain: the sender's, or a link's.
  // Links of an identified sender may go anywhere (ad servers of partner brands); its own domain still counts. A
  // freemail account identifies nobody: its links count.
  // A brand's domain worn as a subdomain counts in every link: no sender, however authenticated, links like that.
  for (const host of [fromDomain, ...hosts]) {
    if (!host) continue;
    const imitated = identified && host !== fromDomain ? embeddedBrandDomain(host) : (imitatedBrand(host) ?? embeddedBrandDomain(host));
    if ((isPunycode(host) && (!identified || host === fromDomain)) || imitated) {
      add(STRONG, true, reason("lookalike_domain", { domain: host, brand: imitated?.label ?? "?" }));
      break;
    }
  }

  // A link that shows one domain and goes to another organisation. Newsletters send their links through a tracking
  // domain: in bulk or authenticated mail only a link showing a brand's domain counts, and less.
  for (const { shown, target } of shownLinks(text, input.html ?? undefined)) {
    if (!target || organisationDomain(shown) === organisationDomain(target) || FILE_NAME.test(shown)) continue;
    // Old newsletters without list headers track the same way: a shown domain that is not a brand's counts little.
    const showsBrand = Boolean(brandOfDomain(organisationDomain(shown)) || imitatedBrand(shown));
    const trackingLikely = vouched || bulk;
    if (trackingLikely && !showsBrand) continue;
    add(!showsBrand ? WEAK : trackingLikely ? MEDIUM : STRONG, showsBrand, reason("link_mismatch", { shown, target }));
    break;
  }

  // Reply-To elsewhere than a From nobody identified: answers go to someone else (CEO fraud, advance-fee scams).
  const replyDomain = addressDomain(input.replyTo[0]?.address ?? "");
  if ((!identified || BANK_CHANGE.test(lowerText)) && !bulk && replyDomain && fromDomain && organisationDomain(replyDomain) !== fromOrganisation) {
    add(WEAK, false, reason("reply_to_elsewhere", { domain: replyDomain }));
  }

  // Credentials asked for by a sender that is not the brand (a brand's own domain is DMARC-protected, so only others).
  // Authentication says who sent it, and an attacker's own domain passes too: from an identified sender the
  // request counts less, since services ask their own users to confirm things.
  if (asksCredentials && !senderBrand && !bulk && (hosts.length > 0 || input.html)) {
    if (!identified) {
      add(requestsCredentials ? MEDIUM : WEAK, true, reason("asks_credentials"));
      if (pressure) add(WEAK, true, reason("pressure", { phrase: pressure[0] }));
    } else if (requestsCredentials) add(WEAK, true, reason("asks_credentials"));
  }

  // A page on a free host, site builder or form service: where phishing kits live, never a bank's login.
  const freeHost = hosts.find(isFreeHosting) ?? HOSTED_FORM.exec(text)?.[0]?.replace(/^https?:\/\//, "");
  if (freeHost) add(asksCredentials ? MEDIUM : WEAK, true, reason("free_hosting_link", { domain: freeHost }));

  if (auth.failed)
    add(
      named || asksCredentials ? MEDIUM : WEAK,
      false,
      reason("auth_failed", { result: [auth.dmarc && `dmarc=${auth.dmarc}`, auth.spf && `spf=${auth.spf}`, auth.dkim && `dkim=${auth.dkim}`].filter(Boolean).join(" ") }),
    );

  const risky = (input.attachmentNames ?? []).find((name) => RISKY_ATTACHMENT.test(name) || DOUBLE_EXTENSION.test(name));
  if (risky) add(STRONG, true, reason("risky_attachment", { name: risky.slice(0, 80) }));

  // A link to a bare public IP address from a sender nobody identified: no brand or shop links like that today (old
  // newsletters' tracking servers did, hence not in bulk mail).
  const ipHost = identified || bulk ? undefined : hosts.find(isPublicIpHost);
  if (ipHost) add(WEAK, true, reason("ip_address_link", { domain: ipHost }));
  // An address written as one number ("http://010036057335/") hides itself from people and filters alike: nobody's newsletter does that.
  const numericHost = NUMERIC_HOST.exec(text);
  if (numericHost) add(STRONG, true, reason("ip_address_link", { domain: numericHost[1]! }));
  // Mail built from pictures on a public image host, from a sender nobody vouches for: the spammer has no server of its own.
  const imageHost = answeredFor ? undefined : hosts.find(isPublicImageHost);
  if (imageHost) add(MEDIUM, false, reason("public_image_host", { domain: imageHost }));
  const shortener = hosts.find((host) => URL_SHORTENERS.has(host));
  if (shortener) add(WEAK, true, reason("url_shortener", { domain: shortener }));
  const giftCards = bulk ? null : (GIFT_CARDS.exec(lowerSubject) ?? GIFT_CARDS.exec(lowerHead));
  // Gift cards bought and their codes sent on: the gift-card scam itself, whoever seems to ask.
  if (giftCards && CODES_WANTED.test(lowerHead)) add(STRONG, true, reason("payment_pressure", { phrase: giftCards[0] }));
  else if (giftCards) add(MEDIUM, false, reason("prize_bait", { phrase: giftCards[0] }));
  // Scams told as a story (side job, trading profit, romance): bulk headers do not make them newsletters.
  const story = scamStory(lowerSubject, flatHead);
  // The whole story told (three phrases) deserves the same warning as phishing: the user is about to be robbed.
  if (story.length >= 2) add(story.length >= 3 ? STRONG : MEDIUM, story.length >= 3, reason("scam_story", { phrase: story.join(", ") }));
  const payment = bulk || identified ? null : (PAYMENT_PRESSURE.exec(lowerSubject) ?? PAYMENT_PRESSURE.exec(lowerHead));
  if (payment) add(MEDIUM, true, reason("payment_pressure", { phrase: payment[0] }));
  const archive = bulk ? undefined : (input.attachmentNames ?? []).find((name) => ARCHIVE_ATTACHMENT.test(name));
  // With its password in the text, or sold as a voicemail or fax, an archive is malware's wrapping.
  // Named as an invoice or a document, or sent with changed bank details, it is the invoice-fraud variant.
  const lure =
    ARCHIVE_PASSWORD.test(lowerHead) || ATTACHMENT_LURE.test(lowerSubject) || ATTACHMENT_LURE.test(lowerHead) || Boolean(archive && BUSINESS_ARCHIVE_NAME.test(archive)) || BANK_CHANGE.test(lowerHead);
  if (archive && !risky) add(lure ? STRONG : MEDIUM, true, reason("archive_attachment", { name: archive.slice(0, 80) }));
  const hijacked = bulk ? null : HIJACKED_SITE_PATH.exec(text);
  if (hijacked) add(MEDIUM, true, reason("free_hosting_link", { domain: linkHosts(hijacked[0], 1)[0] ?? "" }));
  const filler = HIDDEN_FILLER_CSS.exec(input.html ? input.html.slice(0, MAX_PHISHING_HTML_CHARS) : "") ?? HIDDEN_FILLER_CSS.exec(lowerHead);
  if (filler) add(STRONG, false, reason("hidden_filler", { phrase: filler[0] }));
  const bitcoin = bulk || !BITCOIN_WORD.test(lowerHead) ? null : BITCOIN_ADDRESS.exec(text.slice(0, 4_000));
  if (bitcoin) add(MEDIUM, true, reason("payment_pressure", { phrase: bitcoin[0] }));

  if (!bulk) {
    const attached = (input.attachmentNames ?? []).length > 0;
    const brandHosts = hosts.some((host) => brandOfDomain(organisationDomain(host)));
    // An archive or program behind a link: with its password in the text, malware for certain.
    const archiveLink = ARCHIVE_LINK.exec(text);
    if (archiveLink) add(ARCHIVE_PASSWORD.test(lowerHead) ? STRONG : MEDIUM, true, reason("archive_link", { name: archiveLink[0].slice(0, 80) }));
    // A file "shared with you" whose links go to no sharing service: the share lure of hijacked mailboxes. Naming a
    // brand (Microsoft, DocSend, Dropbox…) it does not link to makes it the brand's fake notification.
    const share = SHARE_LURE.exec(lowerSubject) ?? SHARE_LURE.exec(lowerHead);
    if (share && hosts.length > 0 && !hosts.some((host) => SHARE_SERVICES.has(organisationDomain(host)))) {
      const sharingBrand = SHARE_BRANDS.has(brandNamed(`${input.subject}\n${text.slice(0, 4_000)}`)?.label ?? "");
      add(sharingBrand ? STRONG : MEDIUM, true, reason("share_lure", { phrase: share[0] }));
      if (pressure && !identified) add(WEAK, true, reason("pressure", { phrase: pressure[0] }));
    }
    // A salary or payroll "update" behind a link from a domain that is not the user's own organisation's. A calendar
    // invitation carries its link in the invitation, where the text does not show it.
    const payroll = PAYROLL_LURE.exec(lowerSubject) ?? PAYROLL_LURE.exec(lowerHead);
    if (payroll && (hosts.length > 0 || input.isCalendar) && !brandHosts && !senderBrand && !own.includes(fromOrganisation)) add(MEDIUM, true, reason("payroll_lure", { phrase: payroll[0] }));
    // A parcel with a fee to pay or an address to "confirm" behind a link, from a sender that is not the carrier.
    const parcelDemand = PARCEL_DEMAND.exec(lowerSubject) ?? PARCEL_DEMAND.exec(lowerHead);
    if (parcelDemand && hosts.length > 0 && !senderBrand && (PARCEL_WORD.test(lowerSubject) || PARCEL_WORD.test(lowerHead))) {
      add(MEDIUM, true, reason("parcel_lure", { phrase: parcelDemand[0] }));
    }
    // A debt collector's threat with a link to the "invoice" and no invoice attached.
    const threat = COLLECTION_THREAT.exec(lowerSubject) ?? COLLECTION_THREAT.exec(lowerHead);
    if (threat && hosts.length > 0 && !attached && !senderBrand) add(MEDIUM, true, reason("collection_threat", { phrase: threat[0] }));
    // A Teams or Zoom meeting whose links go elsewhere: the invitation is a login page.
    for (const [pattern, service, domains] of MEETING_SERVICES) {
      if (!(pattern.test(lowerSubject) || pattern.test(lowerHead))) continue;
      const elsewhere = hosts.find((host) => !domains.includes(organisationDomain(host)));
      if (elsewhere && !hosts.some((host) => domains.includes(organisationDomain(host)))) add(MEDIUM, true, reason("meeting_link_lure", { brand: service, domain: elsewhere }));
      break;
    }
    // Little text, a picture and "scan the code": the QR lure. Tickets and boarding passes come from senders someone vouches for.
    if (input.html && /<img\b/i.test(input.html) && flatHead.length < 400 && hosts.length === 0 && (QR_LURE.test(lowerSubject) || QR_LURE.test(lowerHead))) {
      add(identified ? MEDIUM : STRONG, true, reason("qr_code_lure"));
    }
    if (!senderBrand && lureDomain(fromOrganisation) && !own.includes(fromOrganisation)) add(WEAK, false, reason("lure_domain", { domain: fromOrganisation }));
  }

  // The bait is often in the name shown ("Ihr Gewinnerteam", "Die Höhle der Löwen Produkttester"): read with the subject.
  const namedSubject = `${senderName}\n${lowerSubject}`;
  const offer = answeredFor ? [] : distinctPhrases(SPAM_OFFER, namedSubject, flatHead);
  if (offer.length >= 2) add(offer.length >= 3 ? STRONG : MEDIUM, false, reason("spam_offer", { phrase: offer.join(", ") }));
  const ownName = Boolean(sender?.name && fromDomain && !freemail && nameMatchesDomain(sender.name, fromDomain));
  // The wallet drainer's bait, however well the sender is authenticated (an abused newsletter service's account passes
  // DMARC too; a crypto service's own mail is not judged here). A newsletter someone signed may speak of airdrops: in
  // one sent under another name than its domain's ("Arbitrum" from paket2.com) the bait counts, for less.
  const crypto = distinctPhrases(CRYPTO_BAIT, lowerSubject, flatHead);
  const cryptoWeight = crypto.length === 0 ? 0 : !signedBulk ? (crypto.length >= 2 ? STRONG : WEAK) : crypto.length >= 2 && !ownName ? MEDIUM : 0;
  if (cryptoWeight > 0) add(cryptoWeight, true, reason("crypto_bait", { phrase: crypto.join(", ") }));
  const prize = prizeBait(namedSubject, lowerHead, flatHead, bulk, answeredFor || ownName);
  if (prize.weight > 0) add(prize.weight, prize.phrases.length >= 3, reason("prize_bait", { phrase: prize.phrases.join(", ") }));
  if (/!{3,}/.test(input.subject) && !vouched) add(WEAK, false, reason("shouting_subject"));
  // Letters of other alphabets in the sender's domain: no name server knows such a domain ("𝐟𝐮𝐧𝐛𝐞𝐭-client.de").
  const sent = undisguised(fromDomain);
  const mixed = subject.mixed ?? shownName.mixed ?? body.mixed ?? sent.mixed ?? sent.styled ?? (answeredFor ? null : (subject.styled ?? shownName.styled ?? body.styled));
  if (mixed) add(MEDIUM, false, reason("mixed_script", { word: mixed.slice(0, 40) }));
  // A display name that ends with an address of another organisation ("Proton Mail Alert notification@proton.me" from
  // a Gmail account): the name pretends to be the sender.
  const shownAddress = bulk ? null : ADDRESS_IN_NAME.exec(sender?.name ?? "");
  if (shownAddress && fromOrganisation && organisationDomain(shownAddress[1]!.toLowerCase()) !== fromOrganisation) {
    add(MEDIUM, true, reason("name_shows_address", { address: shownAddress[0].slice(0, 80) }));
  }
  // A discussion list's mail is answered on the list, by clients that do not always say to what.
  if (!input.headers["list-id"] && fakeReply(input.subject, input.rawHeaders)) add(WEAK, false, reason("fake_reply"));
  const placeholder = PLACEHOLDER.exec(input.subject) ?? PLACEHOLDER.exec(text.slice(0, 4_000)) ?? PLACEHOLDER.exec(sender?.name ?? "");
  if (placeholder) add(WEAK, false, reason("template_placeholder", { phrase: placeholder[0] }));
  if (!answeredFor && greetedByAddress(lowerText, input.ownAddresses)) add(MEDIUM, false, reason("greeted_by_address"));
  if (CHEAP_TLD.test(fromDomain)) add(WEAK, false, reason("cheap_domain", { domain: fromDomain }));

  signals.sort((a, b) => b.weight - a.weight);
  const score = signals.reduce((sum, signal) => sum + signal.weight, 0);
  const spam = score >= SUSPECT_SCORE;
  return { spam, phishing: spam && signals.some((signal) => signal.phishing && signal.weight >= MEDIUM), score, signals };
}
