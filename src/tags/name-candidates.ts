/**
 * Names a message offers as a tag the user might want: its mailing list's
 * name, or the organisation that sent it. Pure: the queue (./name-queue.ts)
 * counts how often a name recurs before showing it.
 *
 * @example
 *   listName("Mieterverein Hamburg <news.mieterverein-hamburg.de>"); // "Mieterverein Hamburg"
 *   listName("<debian-devel.lists.debian.org>"); // "debian-devel"
 *   senderName({ name: "Stadtwerke München", address: "service@swm.de" }); // "Stadtwerke München"
 *   senderName({ name: "Anna Schmidt", address: "anna@uni-koeln.de" }); // "Uni-koeln"
 */
import { addressDomain, FREEMAIL_DOMAINS, organisationDomain } from "../analysis/local/domains.ts";
import type { AnalysisInput } from "../analysis/types.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import { TAG_NAME_MAX_CHARS } from "./limits.ts";
import { cleanTagName } from "./tag-name.ts";

export type NameSource = "list" | "sender" | "llm";

export interface NameCandidate {
  name: string;
  source: NameSource;
}

/** Quotes and brackets around a display phrase are not part of the name. */
const unquoted = (phrase: string) => cleanTagName(phrase.replace(/^["'\s]+|["'\s]+$/g, ""));

/** A name worth offering: not empty, not an address, not longer than a tag may be, not only digits and punctuation. */
function usable(name: string): string | undefined {
  if (name.length < 2 || name.length > TAG_NAME_MAX_CHARS || name.includes("@") || !/\p{L}/u.test(name)) return undefined;
  return name;
}

/** The List-Id's display phrase, else the first label of the list id. */
export function listName(listId: string | undefined): string | undefined {
  if (!listId) return undefined;
  const bracket = listId.indexOf("<");
  const phrase = bracket > 0 ? unquoted(listId.slice(0, bracket)) : "";
  if (usable(phrase)) return phrase;
  const id = (listId.match(/<([^>]+)>/)?.[1] ?? listId).trim().toLowerCase();
  return usable(cleanTagName(id.split(".")[0] ?? ""));
}

/**
 * Addresses that speak for an organisation rather than a person: their
 * display name names the organisation ("Stadtwerke München" <service@…>).
 * A person's name at a company domain ("Anna Schmidt") is not a tag, the
 * company is.
 */
const ROLE_LOCAL_PART =
  /^(?:no-?reply|do-?not-?reply|info|news(?:letter)?|service|kundenservice|support|hello|hallo|team|kontakt|contact|mail(?:ing)?|rechnung(?:en)?|billing|invoice|notifications?|benachrichtigung(?:en)?|office|buero|post|verwaltung|admin|webmaster|shop|order|bestellung(?:en)?)(?:[._+-].*)?$/;

/** The organisation behind a non-freemail From: its display name if the address is a role address or the name mentions the domain, else the domain's label. */
export function senderName(from: MailAddress | undefined): string | undefined {
  const address = from?.address?.toLowerCase();
  if (!address) return undefined;
  const organisation = organisationDomain(addressDomain(address));
  if (!organisation || FREEMAIL_DOMAINS.has(organisation)) return undefined;
  const label = organisation.split(".")[0] ?? "";
  const display = usable(unquoted(from?.name ?? ""));
  const squeezed = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const local = address.slice(0, address.lastIndexOf("@"));
  if (display && (ROLE_LOCAL_PART.test(local) || squeezed(display).includes(squeezed(label)))) return display;
  return usable(cleanTagName(label.charAt(0).toUpperCase() + label.slice(1)));
}

/**
 * The message's candidates: the list's name for list mail (it names the
 * mail better than whoever posted it), else the sending organisation.
 */
export function nameCandidates(input: Pick<AnalysisInput, "headers" | "from">): NameCandidate[] {
  const list = listName(input.headers["list-id"]);
  if (list) return [{ name: list, source: "list" }];
  const sender = senderName(input.from[0]);
  return sender ? [{ name: sender, source: "sender" }] : [];
}
