/**
 * Text matching for rule conditions: letter case folded (ä = Ä, ß = ss),
 * regular expressions and wildcards through RE2 (re2js, a pure-JS port of
 * RE2): its run time grows linearly with the text, so a pattern written to
 * backtrack catastrophically (`(a+)+$`) costs the same as any other, and no
 * rule can stall the pipeline. Patterns RE2 cannot run (backreferences,
 * lookaround) are refused when the rule is saved. Every text is cut to
 * MAX_RULE_TEXT_CHARS first.
 */
import { RE2JS } from "re2js";
import { MAX_RULE_TEXT_CHARS } from "./limits.ts";
import type { MatchType } from "./rule-schema.ts";

/** Case folding for comparison: NFC, then lower case, with ß and ẞ as "ss" (Sieve's i;unicode-casemap folds them the same way). */
export function foldCase(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/ß/g, "ss");
}

/** The text a condition looks at: at most MAX_RULE_TEXT_CHARS. */
export const capText = (text: string) => (text.length > MAX_RULE_TEXT_CHARS ? text.slice(0, MAX_RULE_TEXT_CHARS) : text);

/** Why RE2 refuses the pattern, in words a user can act on; null when it compiles. */
export function regexProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : "invalid pattern";
    return `RE2 cannot run this pattern (${detail}); backreferences (\\1) and lookaround ((?=…), (?!…), (?<=…)) are not supported`;
  }
}

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/** A Sieve `:matches` pattern (`*` any run, `?` one character, `\` escapes) as an anchored RE2 pattern. */
export function wildcardToRegex(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "\\" && i + 1 < pattern.length) out += escapeRegex(pattern[++i]!);
    else if (char === "*") out += "(?s:.*)";
    else if (char === "?") out += "(?s:.)";
    else out += escapeRegex(char);
  }
  return `^${out}$`;
}

/** A test of one text; compiled once per rule and evaluation batch, run on every message. */
export type TextMatcher = (text: string) => boolean;

/**
 * The matcher for one condition value. It is given the text already cut
 * to MAX_RULE_TEXT_CHARS, and for every match type but `regex` folded
 * (`needsFolded`: done once per message and field, not once per
 * condition); `regex` sees the text as it is, RE2 ignoring case itself.
 * Throws on a pattern RE2 refuses (validation refused it before).
 */
export function compileTextMatcher(match: MatchType, value: string): TextMatcher {
  if (match === "regex" || match === "matches") {
    const pattern = RE2JS.compile(match === "regex" ? value : wildcardToRegex(foldCase(value)), RE2JS.CASE_INSENSITIVE);
    // test / testExact ask for no capture groups, so RE2 takes its DFA (still linear), about 4× faster than a Matcher's find.
    return match === "regex" ? (text) => pattern.test(text) : (text) => pattern.testExact(text);
  }
  const folded = foldCase(value);
  if (match === "is") return (text) => text === folded;
  if (match === "starts-with") return (text) => text.startsWith(folded);
  return (text) => text.includes(folded);
}

/** Whether the matcher wants the text folded by the caller (folded once per message and field, not once per condition). */
export const needsFolded = (match: MatchType) => match !== "regex";
