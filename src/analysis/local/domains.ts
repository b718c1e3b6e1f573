/**
 * Domain names as a phishing check needs them: the organisation a host
 * belongs to (without the Public Suffix List: the common two-label
 * suffixes are listed), punycode, look-alikes of a name through confusable
 * letters, URL shorteners, and the domains in a piece of text.
 *
 * @example
 * organisationDomain("mail.sparkasse-koeln.de"); // "sparkasse-koeln.de"
 * organisationDomain("shop.example.co.uk"); // "example.co.uk"
 * skeleton("paypa1-secure.com"); // "paypal-secure.com"
 */

/**
 * Second-level suffixes under which the registrable name is three labels.
 * A short list, not the Public Suffix List: it only has to keep the
 * countries our users get mail from apart (a wrong guess merely treats two
 * sites of one suffix as the same organisation).
 */
const TWO_LABEL_SUFFIXES = new Set([
  "co.uk",
  "org.uk",
  "ac.uk",
  "gov.uk",
  "me.uk",
  "ltd.uk",
  "plc.uk",
  "co.at",
  "or.at",
  "gv.at",
  "ac.at",
  "com.au",
  "net.au",
  "org.au",
  "co.nz",
  "co.jp",
  "co.za",
  "com.br",
  "com.tr",
  "com.cn",
  "com.mx",
  "co.in",
  "co.kr",
]);

/** The registrable domain of a host, lower case, without a trailing dot: "a.b.example.de" → "example.de". */
export function organisationDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, "");
  const labels = name.split(".");
  if (labels.length <= 2) return name;
  const lastTwo = labels.slice(-2).join(".");
  return TWO_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join(".") : lastTwo;
}

/** The domain of an address ("" when it has none). */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0
    ? ""
    : address
        .slice(at + 1)
        .toLowerCase()
        .replace(/[>\s]+$/, "");
}

export const sameOrganisation = (a: string, b: string) => a !== "" && organisationDomain(a) === organisationDomain(b);

/** Some label is punycode (an internationalised name, the usual way to write "pаypal" with a Cyrillic а). */
export const isPunycode = (host: string) => /(?:^|\.)xn--/i.test(host);

/**
 * Letters and letter pairs that read alike in a mail client's font, each
 * folded to the letter it imitates; applied to a lower-case ASCII name.
 * Order matters: pairs before single letters.
 */
const CONFUSABLES: [RegExp, string][] = [
  [/rn/g, "m"],
  [/vv/g, "w"],
  [/cl/g, "d"],
  [/0/g, "o"],
  [/1/g, "l"],
  [/3/g, "e"],
  [/5/g, "s"],
  [/\|/g, "l"],
  [/i/g, "l"],
];

/** The name as it reads: confusables folded, so "paypa1" and "paypal" compare equal (as do "arnazon" and "amazon"). */
export function skeleton(name: string): string {
  let folded = name.toLowerCase();
  for (const [pattern, letter] of CONFUSABLES) folded = folded.replace(pattern, letter);
  return folded;
}

/** Letters and digits only, umlauts spelt out as domains spell them ("Küchenwelt Berger" → "kuechenweltberger"). */
const asDomainLabel = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]/g, "");

/**
 * The display name names the sender's own domain: "Weser-Kurier" at
 * weser-kurier.de, "MediaMarkt" at news.mediamarkt.de, "Küchenwelt Berger"
 * at kuechenwelt-berger.de (a word of five letters or more of the name in
 * the domain's name, or the whole name). Not proof of anything, but a
 * sender that speaks as someone else ("Rossmann" at an unrelated domain)
 * does not.
 */
export function nameMatchesDomain(name: string, domain: string): boolean {
  // "netto" <noreply@netto>: no domain at all, whatever the name.
  if (!domain.includes(".")) return false;
  const label = asDomainLabel(organisationDomain(domain).split(".")[0] ?? "");
  if (label.length < 3) return false;
  const whole = asDomainLabel(name);
  if (whole.length >= 3 && (whole === label || label.includes(whole))) return true;
  return name.split(/[\s,.&|·:()-]+/).some((word) => {
    const part = asDomainLabel(word);
    return part.length >= 5 && label.includes(part);
  });
}

/**
 * Link shorteners: the link hides where it goes. Legitimate mail uses them
 * too (so this is a weak signal), phishing uses them a lot.
 */
export const URL_SHORTENERS = new Set([
  "bit.ly",
  "t.co",
  "tinyurl.com",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "buff.ly",
  "cutt.ly",
  "rebrand.ly",
  "shorturl.at",
  "t.ly",
  "rb.gy",
  "tiny.cc",
  "s.id",
  "v.gd",
  "bl.ink",
  "short.io",
  "lnkd.in",
  "qrco.de",
  "urlz.fr",
  "kurzelinks.de",
  "kurzlink.de",
  "t1p.de",
  "0cn.de",
]);

/** The host of every http(s) or www. link in the text, lower case, at most `limit`. */
export function linkHosts(text: string, limit = 200): string[] {
  const hosts: string[] = [];
  for (const match of text.matchAll(LINK_HOST)) {
    hosts.push(match[1]!.toLowerCase());
    if (hosts.length >= limit) break;
  }
  return hosts;
}
// A host ends where a host cannot go on: not inside a longer name, and not at a quoted-printable soft line break
// ("www.faceboo=" + newline in mail whose transfer encoding was never undone), which would read as another domain.
const LINK_HOST =
  /(?:https?:\/\/|(?<![\w.-])www\.)(?:[^\s/@:?#\]>"']*@)?(\d{1,3}(?:\.\d{1,3}){3}(?![\w.-])|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.[a-z]{2,}(?![a-z0-9-]|\.[a-z0-9]|=\r?\n)|xn--[a-z0-9.-]+)/gi;

/**
 * Free hosts, site builders and storage buckets where anyone puts a page up
 * in a minute: where phishing kits live. Matched as the host or its parent.
 */
const FREE_HOSTING = new Set([
  "netlify.app",
  "vercel.app",
  "wixsite.com",
  "webflow.io",
  "r2.dev",
  "glitch.me",
  "pages.dev",
  "workers.dev",
  "web.app",
  "firebaseapp.com",
  "blogspot.com",
  "weebly.com",
  "ipfs.io",
  "dweb.link",
  "azurewebsites.net",
  "herokuapp.com",
  "onrender.com",
  "repl.co",
  "square.site",
  "godaddysites.com",
  "canva.site",
  "my.canva.site",
  "notion.site",
  "github.io",
  "gitbook.io",
  "000webhostapp.com",
  "surge.sh",
  "fly.dev",
  "backblazeb2.com",
  "wordpress.com",
  "jimdosite.com",
  "strikingly.com",
  "carrd.co",
  "framer.website",
  "translate.goog",
  "ngrok.io",
  "ngrok-free.app",
]);
/** The host is one of the domains or a subdomain of one. */
function isUnder(host: string, domains: ReadonlySet<string>): boolean {
  for (let suffix = host; ; ) {
    if (domains.has(suffix)) return true;
    const dot = suffix.indexOf(".");
    if (dot < 0) return false;
    suffix = suffix.slice(dot + 1);
  }
}

export const isFreeHosting = (host: string) => isUnder(host, FREE_HOSTING);

/**
 * Public image hosts: where a spammer without a server of its own puts the
 * pictures its mail is made of. Shops and newsletter services serve their
 * images from their own domains.
 */
const PUBLIC_IMAGE_HOSTS = new Set([
  "zupimages.net",
  "imgur.com",
  "gyazo.com",
  "postimg.cc",
  "postimages.org",
  "ibb.co",
  "imgbb.com",
  "imageshack.com",
  "prnt.sc",
  "imgbox.com",
  "pixhost.to",
  "freeimage.host",
  "lensdump.com",
]);
export const isPublicImageHost = (host: string) => isUnder(host, PUBLIC_IMAGE_HOSTS);

/** Services where anyone signs up and sends from a subdomain of theirs (a help desk, a trial Microsoft 365 tenant); app hosts (Firebase, Heroku …) are FREE_HOSTING's. */
const SIGN_UP_SENDERS = new Set(["zendesk.com", "freshdesk.com", "onmicrosoft.com"]);

/**
 * An address anyone can get, so authentication of it names nobody: a
 * freemail account, or a sign-up service's subdomain (phishing goes out
 * through help-desk and trial tenants with valid DKIM).
 */
export const isAnyonesAddress = (domain: string) => FREEMAIL_DOMAINS.has(organisationDomain(domain)) || isUnder(domain, SIGN_UP_SENDERS) || isFreeHosting(domain);

/** A public IPv4 address as a link's host: no brand links like that. Private and loopback ranges are a router's or a printer's. */
export const isPublicIpHost = (host: string) => /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) && !/^(?:10|127|0)\.|^192\.168\.|^172\.(?:1[6-9]|2\d|3[01])\.|^169\.254\./.test(host);

/** Something that reads as a domain name: labels of letters, digits and hyphens, ending in a letters-only top-level label. */
export const DOMAIN_LIKE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * Mail services anyone can sign up to: authentication proves only that the
 * sender has an account there, not who they are; and a brand that runs one
 * (Google, Microsoft, Apple) does not send its own notices from it.
 */
export const FREEMAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "outlook.de",
  "hotmail.com",
  "hotmail.de",
  "live.com",
  "live.de",
  "msn.com",
  "yahoo.com",
  "yahoo.de",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "aol.de",
  "gmx.de",
  "gmx.net",
  "gmx.at",
  "gmx.ch",
  "web.de",
  "t-online.de",
  "freenet.de",
  "mail.de",
  "posteo.de",
  "mailbox.org",
  "proton.me",
  "protonmail.com",
  "yandex.ru",
  "yandex.com",
  "mail.ru",
  "zoho.com",
  "gmx.com",
  "email.de",
  "arcor.de",
]);
