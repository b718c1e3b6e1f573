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

const POSIX_BACK: [string, string][] = [
  ["[^[:space:]]", "\\S"],
  ["[[:space:]]", "\\s"],
  ["[^[:alnum:]_]", "\\W"],
  ["[[:alnum:]_]", "\\w"],
  ["[^0-9]", "\\D"],
  ["[0-9]", "\\d"],
];

/** re2ToPosix's classes read back (`[0-9]` → `\d`: the same in RE2), so an exported regex comes back as it was written. */
export function posixToRe2(pattern: string): string {
  let out = pattern;
  for (const [posix, re2] of POSIX_BACK) out = out.split(posix).join(re2);
  return out;
}

/** Top-level alternatives of a group's inside ("a|(b|c)" → ["a", "(b|c)"]). */
function alternatives(inside: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inside.length; i++) {
    if (inside[i] === "\\") i++;
    else if (inside[i] === "(") depth++;
    else if (inside[i] === ")") depth--;
    else if (inside[i] === "|" && depth === 0) {
      parts.push(inside.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, inside.slice(start)];
}

/** The literal (folded) an ERE of literalEre spells, each group read as its first alternative; null on anything else. */
function decodeLiteral(ere: string, wildcards: boolean): string | null {
  let out = "";
  for (let i = 0; i < ere.length; i++) {
    const char = ere[i]!;
    if (char === "\\") {
      const next = ere[++i];
      if (next === undefined) return null;
      out += wildcards && (next === "*" || next === "?" || next === "\\") ? `\\${next}` : next;
    } else if (char === "(") {
      let depth = 1;
      let end = i + 1;
      for (; end < ere.length && depth > 0; end++) {
        if (ere[end] === "\\") end++;
        else if (ere[end] === "(") depth++;
        else if (ere[end] === ")") depth--;
      }
      if (depth !== 0) return null;
      const first = decodeLiteral(alternatives(ere.slice(i + 1, end - 1))[0]!, false);
      if (first === null) return null;
      out += first;
      i = end - 1;
    } else if (wildcards && char === "." && ere[i + 1] === "*") {
      out += "*";
      i++;
    } else if (wildcards && char === ".") out += "?";
    else if (/[\^$.*+?[\]{}|)]/.test(char)) return null;
    else out += char;
  }
  return out;
}

/**
 * A `:regex` key the export wrote for a plain text condition, read back as
 * that condition (`^wei(ss|(ß|ẞ)|…)$` → is "weiss"); null when the key is
 * not one sieveTextKey writes, so it stays a regex.
 */
export function literalFromRegexKey(key: string): { match: Exclude<MatchType, "regex">; value: string } | null {
  const start = key.startsWith("^");
  const end = key.endsWith("$") && !key.endsWith("\\$");
  const body = key.slice(start ? 1 : 0, end ? -1 : undefined);
  const candidates: Exclude<MatchType, "regex">[] = start && end ? ["is", "matches"] : start ? ["starts-with"] : end ? [] : ["contains"];
  for (const match of candidates) {
    const value = decodeLiteral(body, match === "matches");
    if (value === null || value === "") continue;
    const again = sieveTextKey(match, value);
    if (again.ok && again.match === "regex" && again.key === key) return { match, value };
  }
  return null;
}
