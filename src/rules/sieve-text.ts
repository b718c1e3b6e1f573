/**
 * Text tests as Sieve servers run them. Pigeonhole (Dovecot) knows only the
 * comparators i;octet and i;ascii-casemap, which fold A-Z alone, and reads
 * `:regex` as POSIX extended regexes over bytes. Our rules fold all letter
 * case, umlauts composed or not, and ß = ss (./match-text.ts). So a value
 * with nothing but ASCII and no "ss" is exported as it is, under the default
 * comparator; any other is exported as a `:regex` that spells out every
 * form our folding equates ("ü" as `(ü|Ü|u\u0308|U\u0308)`, "ss" as `(ss|ß|ẞ)`).
 * A user's RE2 regex is translated to POSIX where it can be (`\d` →
 * `[0-9]`, `(?:` → `(`), and refused with the reason where it cannot (lazy
 * quantifiers, lookaround, non-ASCII letters in brackets, `\n`).
 *
 * @example
 *   sieveTextKey("contains", "Straße")
 *   // { ok: true, match: "regex", key: "stra(ss|ß|ẞ|sß|…)e" }
 */
import { foldCase } from "./match-text.ts";
import type { MatchType } from "./rule-schema.ts";

export type SieveKey = { ok: true; match: "is" | "contains" | "matches" | "regex"; key: string } | { ok: false; why: string };

const ERE_SPECIAL = /[\\^$.*+?()[\]{}|]/;
const escapeEre = (char: string) => (ERE_SPECIAL.test(char) ? `\\${char}` : char);
const escapeWildcards = (text: string) => text.replace(/[\\*?]/g, "\\$&");
const MAX_S_RUN = 6;

/** Whether the value needs more than ASCII case folding to be matched as we match it. */
const needsUnicode = (folded: string) => /[^\x00-\x7f]|ss/.test(folded);

/** Every string whose folding is the one (non-ASCII) character `char`, as an ERE alternation. */
function charForms(char: string): string {
  const forms = new Set<string>();
  for (const form of [char, char.toUpperCase(), char.toLowerCase()]) {
    if (foldCase(form) !== char) continue;
    forms.add(form.normalize("NFC"));
    forms.add(form.normalize("NFD"));
  }
  const list = [...forms].map((form) => [...form].map(escapeEre).join(""));
  return list.length === 1 ? list[0]! : `(${list.join("|")})`;
}

/** A non-ASCII character of an RE2 pattern with RE2's case folding (by code point: ß and ẞ, but not "ss"). */
function regexCharForms(char: string): string {
  const forms = new Set([char, char.toLowerCase(), char.toUpperCase(), ...(char === "ß" || char === "ẞ" ? ["ß", "ẞ"] : [])].filter((form) => [...form].length === 1));
  return forms.size === 1 ? char : `(${[...forms].join("|")})`;
}

/** Ways to write `k` s's with s and ß (ß counting two), as ERE alternatives; `half` at an open end: a ß of which only one s is part of the match. */
function sRun(k: number, openStart: boolean, openEnd: boolean): string {
  const sharp = "(ß|ẞ)";
  const compose = (n: number): string[] => {
    if (n === 0) return [""];
    if (n === 1) return ["s"];
    return [...compose(n - 1).map((rest) => `s${rest}`), ...compose(n - 2).map((rest) => `${sharp}${rest}`)];
  };
  const forms = new Set(compose(k));
  if (openStart) for (const rest of compose(k - 1)) forms.add(`${sharp}${rest}`);
  if (openEnd) for (const rest of compose(k - 1)) forms.add(`${rest}${sharp}`);
  if (openStart && openEnd && k >= 2) for (const rest of compose(k - 2)) forms.add(`${sharp}${rest}${sharp}`);
  return forms.size === 1 ? [...forms][0]! : `(${[...forms].join("|")})`;
}

/**
 * A folded literal as an ERE matching every text that folds to it; `*` and
 * `?` of a `:matches` pattern become `.*` and `.` when `wildcards` is set.
 * A run of s's next to a wildcard or at an unanchored end may share a ß
 * with the text around it (foldCase("aß") contains "as").
 */
function literalEre(folded: string, openStart: boolean, openEnd: boolean, wildcards: boolean): string | null {
  const chars = [...folded];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (wildcards && char === "\\" && i + 1 < chars.length) {
      out += escapeEre(chars[++i]!);
    } else if (wildcards && char === "*") out += ".*";
    else if (wildcards && char === "?") out += ".";
    else if (char === "s") {
      let end = i;
      while (chars[end] === "s") end++;
      const k = end - i;
      if (k > MAX_S_RUN) return null;
      const before = i === 0 ? openStart : wildcards && chars[i - 1] === "*";
      const after = end === chars.length ? openEnd : wildcards && chars[end] === "*";
      out += sRun(k, before, after);
      i = end - 1;
    } else if (char.charCodeAt(0) < 0x80) out += escapeEre(char);
    else out += charForms(char);
  }
  return out;
}

/** The Sieve match type and key for one of our text conditions. */
export function sieveTextKey(match: MatchType, value: string): SieveKey {
  if (match === "regex") {
    const translated = re2ToPosix(value);
    return translated.ok ? { ok: true, match: "regex", key: translated.pattern } : translated;
  }
  const folded = foldCase(value);
  if (!needsUnicode(folded)) {
    if (match === "starts-with") return { ok: true, match: "matches", key: `${escapeWildcards(value)}*` };
    return { ok: true, match, key: value };
  }
  const anchoredStart = match !== "contains";
  const anchoredEnd = match === "is" || match === "matches";
  const ere = literalEre(folded, !anchoredStart, !anchoredEnd, match === "matches");
  if (ere === null) return { ok: false, why: `a text with more than ${MAX_S_RUN} s's in a row` };
  return { ok: true, match: "regex", key: `${anchoredStart ? "^" : ""}${ere}${anchoredEnd ? "$" : ""}` };
}

const CLASS_ESCAPES: Record<string, string> = { d: "[0-9]", D: "[^0-9]", s: "[[:space:]]", S: "[^[:space:]]", w: "[[:alnum:]_]", W: "[^[:alnum:]_]" };
const IN_CLASS_ESCAPES: Record<string, string> = { d: "0-9", s: "[:space:]", w: "[:alnum:]_" };

/**
 * An RE2 pattern as a POSIX extended regex (Pigeonhole's `:regex`, case
 * folded for ASCII only), or why it cannot be one. Non-ASCII letters
 * outside brackets are spelled in both cases.
 */
export function re2ToPosix(pattern: string): { ok: true; pattern: string } | { ok: false; why: string } {
  const fail = (what: string) => ({ ok: false as const, why: `a regex with ${what} (POSIX regexes have none)` });
  const chars = [...pattern];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === "\\") {
      const next = chars[++i];
      if (next === undefined) return fail("a trailing backslash");
      if (CLASS_ESCAPES[next]) out += CLASS_ESCAPES[next];
      else if (next === "b" || next === "B") out += `\\${next}`;
      else if (/[A-Za-z0-9]/.test(next)) return fail(`the escape \\${next}`);
      else out += escapeEre(next);
    } else if (char === "[") {
      let end = i + 1;
      let body = "";
      if (chars[end] === "^") body += chars[end++];
      if (chars[end] === "]") body += chars[end++];
      while (end < chars.length && chars[end] !== "]") {
        const c = chars[end]!;
        if (c === "\\") {
          const next = chars[end + 1] ?? "";
          if (IN_CLASS_ESCAPES[next]) body += IN_CLASS_ESCAPES[next];
          else if (/[A-Za-z0-9]/.test(next)) return fail(`the escape \\${next} in brackets`);
          else if (next === "]" || next === "\\" || next === "-" || next === "^") return fail(`an escaped ${next} in brackets`);
          else body += next;
          end += 2;
        } else if (c === "[" && chars[end + 1] === ":") {
          const close = chars.indexOf("]", end + 2);
          if (close < 0) return fail("an unclosed class");
          body += chars.slice(end, close + 1).join("");
          end = close + 1;
        } else {
          if (c.charCodeAt(0) >= 0x80) return fail("a non-ASCII letter in brackets");
          body += c;
          end++;
        }
      }
      if (end >= chars.length) return fail("an unclosed bracket");
      out += `[${body}]`;
      i = end;
    } else if (char === "(" && chars[i + 1] === "?") {
      if (chars[i + 2] === ":") {
        out += "(";
        i += 2;
      } else if (i === 0 && chars[2] === "i" && chars[3] === ")") i += 3;
      else return fail("a group flag or lookaround");
    } else if ((char === "*" || char === "+" || char === "?" || char === "}") && chars[i + 1] === "?") return fail("a lazy quantifier");
    else if (char.charCodeAt(0) >= 0x80) out += regexCharForms(char);
    else out += char;
  }
  return { ok: true, pattern: out };
}
