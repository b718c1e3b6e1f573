/**
 * What the receiving server found out about the sender: SPF, DKIM and
 * DMARC results from `Authentication-Results` (RFC 8601), and whether a
 * passing one is aligned with the From domain (the domain the user sees).
 *
 * Which headers are trusted: anyone can write an Authentication-Results
 * header into a message, so only the receiving provider's own count. That
 * is the topmost one (each server adds its headers above the ones it got)
 * and the others carrying the same authserv-id: RFC 8601 §5 has a server
 * remove incoming ones that claim its id, so a forged one cannot pose as
 * it. A topmost field without an id (Microsoft writes none) counts alone.
 * Without any Authentication-Results, the topmost
 * ARC-Authentication-Results set (highest i=, same rule) stands in (a
 * provider that forwards internally records its results there). With
 * neither, nothing is known: not the same as a failure.
 *
 * Alignment (as DMARC relaxed mode): DMARC passed, or DKIM passed for a
 * d= of the From domain's organisation, or SPF passed for an envelope
 * sender of it.
 *
 * @example
 * authenticationOf(rawHeaders, "news@shop.example")
 * // { known: true, aligned: true, failed: false, dmarc: "pass", … }
 */
import { addressDomain, organisationDomain } from "./domains.ts";
import { headerFields, type HeaderField } from "./raw-headers.ts";

export type AuthResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror" | "policy";

export interface Authentication {
  /** The provider recorded results (some A-R header was trusted). */
  known: boolean;
  spf: AuthResult | null;
  dkim: AuthResult | null;
  dmarc: AuthResult | null;
  /** A passing result vouches for the From domain. */
  aligned: boolean;
  /**
   * DMARC failed, or nothing passed and SPF or DKIM failed: the From domain is likely forged. Not a DMARC
   * failure under the domain's own "p=none" while another domain's DKIM signature passed: a newsletter service
   * signing for a sender who never aligned it (small clubs and shops on Mailchimp), not a forgery.
   */
  failed: boolean;
  /** Who recorded them (the authserv-id), for the reason. */
  authservId: string | null;
  /**
   * The server looked for the From domain's DMARC policy and found none (Microsoft's "bestguesspass", "none"):
   * the domain is who it says, but its owner never set up what every brand and bulk sender has.
   */
  noPolicy: boolean;
}

const NAMES = new Set(["authentication-results", "arc-authentication-results"]);
const RESULT = /^([a-z-]+)\s*=\s*([a-z]+)/i;
const PROPERTY = /\b(header\.d|header\.i|header\.from|smtp\.mailfrom|smtp\.from)\s*=\s*"?([^\s;"]+)/gi;
const RANK: Record<string, number> = { pass: 3, fail: 2, softfail: 1 };
/** A field that starts with a result rather than an authserv-id (Microsoft's form). */
const METHOD_FIRST = /^(?:spf|dkim|dmarc|arc|auth|iprev|compauth)\s*=/i;
const DMARC_POLICY = /(?:\(|\s|^)(?:p|policy\.published-domain-policy)\s*=\s*(none|quarantine|reject)\b/i;
/** Microsoft writes no policy but the action it took for it: "action=none" under p=none, "oreject" (delivered to Junk) or "pct.quarantine" under a stricter one. */
const MICROSOFT_ACTION = /(?:\s|^)action\s*=\s*(?:pct\.)?o?(none|quarantine|reject)\b/i;

interface Parsed {
  arc: boolean;
  authservId: string;
  instance: number;
  results: { method: string; result: string; properties: Map<string, string>; policy: string | null }[];
}

function parseField(field: HeaderField): Parsed {
  const raw = field.value.split(";");
  let parts = raw.map((part) => part.replace(/\([^)]*\)/g, " ").trim());
  let instance = 0;
  if (field.name === "arc-authentication-results") {
    instance = Number.parseInt(/^i\s*=\s*(\d+)/.exec(parts[0] ?? "")?.[1] ?? "0", 10);
    parts = parts.slice(1);
    raw.shift();
  }
  // Microsoft (Outlook.com, Exchange Online) leaves the authserv-id out and starts with the first result
  // ("spf=pass (sender IP is …) smtp.mailfrom=…; dkim=…"): then there is no id, and that part is a result.
  const idLess = METHOD_FIRST.test(parts[0] ?? "");
  const authservId = idLess ? "" : (parts[0] ?? "").split(/\s+/)[0]!.toLowerCase();
  const resultParts = idLess ? parts : parts.slice(1);
  const rawResultParts = idLess ? raw : raw.slice(1);
  const results = resultParts.flatMap((part, index) => {
    const match = RESULT.exec(part);
    if (!match) return [];
    const properties = new Map<string, string>();
    for (const property of part.matchAll(PROPERTY)) properties.set(property[1]!.toLowerCase(), property[2]!.toLowerCase());
    // The published DMARC policy: Gmail writes it in a comment ("(p=NONE sp=NONE dis=NONE)"), others as a property,
    // Microsoft as the action it took ("dmarc=fail action=none").
    const rawPart = rawResultParts[index] ?? "";
    const policy = (DMARC_POLICY.exec(rawPart) ?? (idLess ? MICROSOFT_ACTION.exec(rawPart) : null))?.[1]?.toLowerCase() ?? null;
    return [{ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties, policy }];
  });
  return { arc: field.name === "arc-authentication-results", authservId, instance, results };
}

/** The trusted fields: the topmost A-R and those with its authserv-id; else the highest ARC set. */
function trustedFields(rawHeaders: string): Parsed[] {
  const fields = headerFields(rawHeaders, NAMES).map(parseField);
  const plain = fields.filter((field) => !field.arc);
  // Without an id, nothing tells the provider's field from one the sender wrote: only the topmost counts.
  if (plain.length > 0) return plain[0]!.authservId === "" ? [plain[0]!] : plain.filter((field) => field.authservId === plain[0]!.authservId);
  const arc = fields.filter((field) => field.arc);
  if (arc.length === 0) return [];
  const highest = Math.max(...arc.map((field) => field.instance));
  return arc.filter((field) => field.instance === highest);
}

const NOTHING: Authentication = { known: false, spf: null, dkim: null, dmarc: null, aligned: false, failed: false, authservId: null, noPolicy: false };

export function authenticationOf(rawHeaders: string, fromAddress: string): Authentication {
  const trusted = trustedFields(rawHeaders);
  if (trusted.length === 0) return NOTHING;
  const fromOrganisation = organisationDomain(addressDomain(fromAddress));
  const best: Record<string, string | null> = { spf: null, dkim: null, dmarc: null };
  let aligned = false;
  let dmarcPolicy: string | null = null;
  let otherDomainSigned = false;
  for (const { results } of trusted) {
    for (const { method, result, properties, policy } of results) {
      if (!(method in best)) continue;
      if (method === "dmarc") dmarcPolicy ??= policy;
      if (method === "dkim" && result === "pass") otherDomainSigned ||= organisationDomain(properties.get("header.d") ?? addressDomain(properties.get("header.i") ?? "")) !== fromOrganisation;
      const current: string | null | undefined = best[method];
      if (current == null || (RANK[result] ?? 0) > (RANK[current] ?? 0)) best[method] = result;
      if (result !== "pass" || !fromOrganisation) continue;
      if (method === "dmarc") aligned ||= !properties.has("header.from") || organisationDomain(properties.get("header.from")!) === fromOrganisation;
      if (method === "dkim") aligned ||= organisationDomain(properties.get("header.d") ?? addressDomain(properties.get("header.i") ?? "")) === fromOrganisation;
      if (method === "spf") aligned ||= organisationDomain(addressDomain(properties.get("smtp.mailfrom") ?? "") || (properties.get("smtp.mailfrom") ?? "")) === fromOrganisation;
    }
  }
  const anyPass = best.spf === "pass" || best.dkim === "pass" || best.dmarc === "pass";
  const monitoredOnly = best.dmarc === "fail" && dmarcPolicy === "none" && otherDomainSigned;
  const failed = (best.dmarc === "fail" && !monitoredOnly) || (!anyPass && ["fail", "softfail"].includes(best.spf ?? "")) || (!anyPass && best.dkim === "fail");
  return {
    known: true,
    spf: best.spf as AuthResult | null,
    dkim: best.dkim as AuthResult | null,
    dmarc: best.dmarc as AuthResult | null,
    aligned: aligned && best.dmarc !== "fail",
    failed,
    authservId: trusted[0]!.authservId || null,
    noPolicy: best.dmarc === "bestguesspass" || best.dmarc === "none",
  };
}
