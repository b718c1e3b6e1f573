/**
 * What a VIP entry is: an address or a domain, in one spelling for keying.
 * Domains are kept in their ASCII form (punycode), so "müller.de" typed by
 * the user and "xn--mller-kva.de" in a From header are the same entry.
 *
 * @example
 * parseVipSender(" Anna@Example.ORG ");            // { ok: true, kind: "address", value: "anna@example.org" }
 * parseVipSender("@Müller.de");                    // { ok: true, kind: "domain", value: "xn--mller-kva.de" }
 * vipCandidates("a@mail.uni-koeln.de").domains;    // ["mail.uni-koeln.de", "uni-koeln.de"]
 */
import { domainToASCII, domainToUnicode } from "node:url";

export const VIP_SENDER_KINDS = ["address", "domain"] as const;
export type VipSenderKind = (typeof VIP_SENDER_KINDS)[number];

/** RFC 5321's limits: 254 characters an address, 64 its local part, 253 a domain. */
const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type ParsedVipSender = { ok: true; kind: VipSenderKind; value: string } | { ok: false; reason: "empty" | "invalid_address" | "invalid_domain" };

/** The ASCII form of a host name with at least two labels, or null: a bare top-level domain would make every sender under it a VIP. */
function asciiDomain(text: string): string | null {
  const ascii = domainToASCII(text.trim().toLowerCase().replace(/\.$/, ""));
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split(".");
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!) ? ascii : null;
}

/** The keyed spelling of an address: lower case, its domain in ASCII; null when it is none. */
export function normaliseVipAddress(text: string): string | null {
  const address = text.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at <= 0 || at > MAX_LOCAL_PART || address.length > MAX_ADDRESS || /[\s<>()[\],;:"\\]/.test(address.slice(0, at))) return null;
  const domain = asciiDomain(address.slice(at + 1));
  return domain ? `${address.slice(0, at)}@${domain}` : null;
}

/** The user's input: with an @ before a name an address, otherwise (or "@domain") a domain, unless `kind` says which. */
export function parseVipSender(input: string, kind?: VipSenderKind): ParsedVipSender {
  const text = input.trim();
  if (!text) return { ok: false, reason: "empty" };
  const asDomain = kind === "domain" || (kind === undefined && (!text.includes("@") || text.startsWith("@")));
  if (asDomain) {
    const domain = asciiDomain(text.replace(/^@/, ""));
    return domain ? { ok: true, kind: "domain", value: domain } : { ok: false, reason: "invalid_domain" };
  }
  const address = normaliseVipAddress(text);
  return address ? { ok: true, kind: "address", value: address } : { ok: false, reason: "invalid_address" };
}

/** The entries that would cover a From address: the address itself, its domain and each parent domain of two labels or more. */
export function vipCandidates(fromAddress: string): { address: string; domains: string[] } | null {
  const address = normaliseVipAddress(fromAddress);
  if (!address) return null;
  const labels = address.slice(address.lastIndexOf("@") + 1).split(".");
  return { address, domains: labels.slice(0, -1).map((_, index) => labels.slice(index).join(".")) };
}

/** How an entry reads: a domain in its Unicode form again. */
export function displayVipValue(kind: VipSenderKind, value: string): string {
  if (kind === "domain") return domainToUnicode(value) || value;
  const at = value.lastIndexOf("@");
  return `${value.slice(0, at)}@${domainToUnicode(value.slice(at + 1)) || value.slice(at + 1)}`;
}

/** Whether one of `entries` (as listed, ./vip.ts) covers the address: for marking a list of senders without a query each. */
export function coveredByVip(entries: readonly { kind: VipSenderKind; value: string }[], address: string): boolean {
  const candidates = vipCandidates(address);
  if (!candidates) return false;
  return entries.some((entry) => {
    const parsed = parseVipSender(entry.value, entry.kind);
    return parsed.ok && (parsed.kind === "address" ? parsed.value === candidates.address : candidates.domains.includes(parsed.value));
  });
}
