/**
 * Unsubscribing from a newsletter (List-Unsubscribe, RFC 2369; one-click,
 * RFC 8058). Three ways, best first:
 *
 * - one-click: an https address and `List-Unsubscribe-Post:
 *   List-Unsubscribe=One-Click`, from a sender whose mail the provider
 *   authenticated for its From domain (RFC 8058 wants the headers signed;
 *   without that anyone could make the server POST to any address on a
 *   mail's word). The server POSTs, through the outbound-target policy and
 *   the user's connection budget, never following a redirect.
 * - mailto: sent once the account can send mail (until then the UI offers
 *   the address to the user's own mail program).
 * - a web address: opened deliberately by the user, through the page that
 *   shows where it leads.
 */
import { authenticationOf } from "../analysis/local/authentication.ts";
import { headerFields } from "../analysis/local/raw-headers.ts";
import type { OutboundPolicy } from "../net/outbound-policy.ts";
import { fetchPinned } from "../net/pinned-fetch.ts";

export interface UnsubscribeOptions {
  /** An https address the server may POST to (RFC 8058). */
  oneClick: string | null;
  /** mailto: address with its subject/body parameters, as the header gives it. */
  mailto: string | null;
  /** An http(s) address for the user to open. */
  link: string | null;
}

const ONE_CLICK = /(?:^|[\s;])list-unsubscribe\s*=\s*one-click(?:$|[\s;])/i;
/** A POST that takes longer than this is abandoned; the user can still open the link. */
const ONE_CLICK_TIMEOUT_MS = 10_000;

/** The addresses a List-Unsubscribe header names: each in angle brackets, comma-separated. */
function headerAddresses(value: string): URL[] {
  const urls: URL[] = [];
  for (const [, inside] of value.matchAll(/<([^>]{1,2000})>/g)) {
    try {
      urls.push(new URL(inside!.trim()));
    } catch {
      // Not a URL: ignored, like any malformed entry.
    }
  }
  return urls;
}

/** What the message offers; `from` is its sender's address (for the authentication check of one-click). */
export function unsubscribeOptions(listUnsubscribe: string | undefined, rawHeaders: string, from: string | null): UnsubscribeOptions {
  const urls = listUnsubscribe ? headerAddresses(listUnsubscribe) : [];
  const web = urls.filter((url) => url.protocol === "https:" || url.protocol === "http:");
  const https = web.find((url) => url.protocol === "https:");
  const post = headerFields(rawHeaders, new Set(["list-unsubscribe-post"])).some((field) => ONE_CLICK.test(field.value));
  const authenticated = from !== null && authenticationOf(rawHeaders, from).aligned;
  return {
    oneClick: post && authenticated && https ? https.href : null,
    mailto: urls.find((url) => url.protocol === "mailto:")?.href ?? null,
    link: (https ?? web[0])?.href ?? null,
  };
}

export type OneClickResult = { ok: true } | { ok: false; reason: "refused" | "unreachable" | "rejected" };

/** The RFC 8058 POST. Any 2xx or 3xx answer counts (a redirect is the list's "thank you" page, not followed). */
export async function unsubscribeOneClick(policy: OutboundPolicy, url: string): Promise<OneClickResult> {
  try {
    const response = await fetchPinned(policy, url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
      signal: AbortSignal.timeout(ONE_CLICK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status < 400 ? { ok: true } : { ok: false, reason: "rejected" };
  } catch (error) {
    if ((error as { code?: string }).code === "OUTBOUND_REFUSED") return { ok: false, reason: "refused" };
    return { ok: false, reason: "unreachable" };
  }
}
