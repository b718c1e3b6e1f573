/**
 * Personal data out of a message before it goes to a provider that is not
 * local: e-mail addresses, phone numbers, IBANs, URLs and the names from the
 * headers become placeholders («EMAIL_1», «PHONE_1», «IBAN_1», «URL_1»,
 * «PERSON_1»). One anonymiser serves a whole request (the message, its
 * thread, the tag list), so the same value always gets the same placeholder
 * and the model can still see that two mentions are one person.
 *
 * `restore` maps placeholders back. It is applied only to what the user sees
 * (summary, reasons, tag names), never to anything sent out.
 */
import type { MailAddress } from "../../mail/parse/types.ts";

export type PlaceholderKind = "EMAIL" | "PHONE" | "IBAN" | "URL" | "PERSON";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'«»()[\]{}]+/giu;
/** Country code, check digits, then groups of four (spaced or not) and a short tail: DE89 3704 0044 0532 0130 00. */
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
/**
 * A phone number starts with +, 00 or a national 0 (German numbers always
 * do), then digits with spaces, tabs, dashes, slashes or parentheses, never
 * dots or colons (dates, times, amounts). Not right after a letter, digit or
 * date separator, so the day in 2026-01-05 is no start.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}_+\-/.:])(?:\+|00|\(0|0)\d[\d \t\-/()]{4,24}\d(?![\p{L}\p{N}_])/gu;
const PLACEHOLDER = /«?\b(EMAIL|PHONE|IBAN|URL|PERSON)_(\d{1,4})\b»?/g;

/** Words of display names that are no one's name ("Anna vom Team Support" keeps "Team" and "Support"). */
const NOT_NAMES = new Set([
  "team",
  "service",
  "services",
  "support",
  "info",
  "newsletter",
  "news",
  "noreply",
  "no-reply",
  "kundenservice",
  "kundendienst",
  "gmbh",
  "ag",
  "kg",
  "ug",
  "ev",
  "e.v.",
  "inc",
  "ltd",
  "llc",
  "co",
  "und",
  "and",
  "der",
  "die",
  "das",
  "the",
  "von",
  "vom",
  "van",
  "de",
  "du",
  "la",
  "le",
  "herr",
  "frau",
  "dr",
  "prof",
  "mr",
  "mrs",
  "ms",
  "via",
  "im",
  "auftrag",
  "mail",
  "e-mail",
  "admin",
  "office",
  "büro",
  "buero",
  "sekretariat",
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function digitCount(text: string): number {
  return text.replace(/\D/g, "").length;
}

/** Capitalised words of a display name that look like a first or last name. */
function nameParts(name: string): string[] {
  return name
    .split(/[\s,;]+/)
    .map((part) => part.replace(/^[("'“„‚]+|[)"'”“‘.:]+$/g, ""))
    .filter((part) => part.length >= 2 && /^\p{Lu}[\p{L}'’-]+$/u.test(part) && !NOT_NAMES.has(part.toLowerCase()));
}

/** A display name worth hiding: has letters, and is not itself an address (those go as EMAIL). */
function displayName(address: MailAddress): string | undefined {
  const name = address.name
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .trim();
  if (name.length < 2 || !/\p{L}/u.test(name) || name.includes("@")) return undefined;
  return name;
}

export interface Anonymiser {
  /** The text with personal data replaced (the same value, the same placeholder, for this anonymiser's life). */
  text(input: string): string;
  /** Placeholders back to the values they stand for; unknown ones stay. Only for what the user sees. */
  restore(output: string): string;
  /** How many values of each kind were replaced so far (for tests and counters; never the values). */
  counts(): Record<PlaceholderKind, number>;
}

/** The anonymiser for a local provider: nothing is replaced, nothing restored. */
export const clearText: Anonymiser = {
  text: (input) => input,
  restore: (output) => output,
  counts: () => ({ EMAIL: 0, PHONE: 0, IBAN: 0, URL: 0, PERSON: 0 }),
};

/**
 * @param people everyone named in the headers (From, To, Cc, Reply-To) of the message and its thread
 * @example
 *   const anon = createAnonymiser([{ name: "Anna Schmidt", address: "anna@example.org" }]);
 *   anon.text("Hallo Anna, schreib an anna@example.org") // "Hallo «PERSON_1», schreib an «EMAIL_1»"
 *   anon.restore("«PERSON_1» fragt nach dem Vertrag")    // "Anna Schmidt fragt nach dem Vertrag"
 */
export function createAnonymiser(people: MailAddress[]): Anonymiser {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters: Record<PlaceholderKind, number> = { EMAIL: 0, PHONE: 0, IBAN: 0, URL: 0, PERSON: 0 };

  const placeholderFor = (kind: PlaceholderKind, value: string, key = value) => {
    const mapKey = `${kind}:${key}`;
    let placeholder = byValue.get(mapKey);
    if (!placeholder) {
      placeholder = `«${kind}_${++counters[kind]}»`;
      byValue.set(mapKey, placeholder);
      byPlaceholder.set(placeholder, value);
    }
    return placeholder;
  };

  // Each full name is one person; each of its name parts stands for that person too, so "Hallo Anna" hides Anna.
  const fullNames = new Map<string, string>();
  const parts = new Map<string, string>();
  for (const person of people) {
    const name = displayName(person);
    if (!name) continue;
    const key = name.toLowerCase().replace(/\s+/g, " ");
    if (!fullNames.has(key)) fullNames.set(key, placeholderFor("PERSON", name, key));
    for (const part of nameParts(name)) if (!parts.has(part)) parts.set(part, fullNames.get(key)!);
  }
  const boundary = (alternatives: string[], flags: string) => (alternatives.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, flags) : undefined);
  const byLength = (a: string, b: string) => b.length - a.length;
  const fullNamePattern = boundary(
    [...fullNames.keys()].sort(byLength).map((name) => escapeRegExp(name).replace(/ /g, "\\s+")),
    "giu",
  );
  const partPattern = boundary([...parts.keys()].sort(byLength).map(escapeRegExp), "gu");

  return {
    text(input) {
      let out = input.replace(EMAIL, (email) => placeholderFor("EMAIL", email, email.toLowerCase()));
      out = out.replace(URL_PATTERN, (match) => {
        // Sentence punctuation after a link is not part of it.
        const url = match.replace(/[.,;:!?]+$/, "");
        return placeholderFor("URL", url) + match.slice(url.length);
      });
      out = out.replace(IBAN, (iban) => placeholderFor("IBAN", iban, iban.replace(/ /g, "")));
      out = out.replace(PHONE_CANDIDATE, (candidate) => {
        const digits = digitCount(candidate);
        return digits >= 6 && digits <= 15 ? placeholderFor("PHONE", candidate, candidate.replace(/\D/g, "")) : candidate;
      });
      if (fullNamePattern) out = out.replace(fullNamePattern, (name) => fullNames.get(name.toLowerCase().replace(/\s+/g, " "))!);
      if (partPattern) out = out.replace(partPattern, (part) => parts.get(part)!);
      return out;
    },
    restore(output) {
      return output.replace(PLACEHOLDER, (match, kind: string, n: string) => byPlaceholder.get(`«${kind}_${n}»`) ?? match);
    },
    counts: () => ({ ...counters }),
  };
}

/**
 * The brief's shape: anonymised texts plus `restore`, for one batch of texts.
 *
 * @example
 *   const { texts, restore } = anonymise(["Call +49 30 1234567"], []);
 *   texts[0] // "Call «PHONE_1»"
 */
export function anonymise(texts: string[], people: MailAddress[]): { texts: string[]; restore: (text: string) => string } {
  const anonymiser = createAnonymiser(people);
  return { texts: texts.map((text) => anonymiser.text(text)), restore: (text) => anonymiser.restore(text) };
}
