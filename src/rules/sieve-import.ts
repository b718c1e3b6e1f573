/**
 * A Sieve script (RFC 5228) as rules: one rule per top-level `if`, and one
 * per `elsif` / `else` with the earlier conditions negated (so each rule
 * holds alone, as ours are evaluated in order). What our rules cannot say
 * (redirect, vacation, a case-sensitive comparator, address parts, nested
 * `if`) is listed as unmapped with its line, never guessed: a rule with an
 * unmapped test is left out whole, an unmapped action is left out of its
 * rule. Never throws; a syntax error is a result (./sieve-syntax.ts).
 *
 * @example
 *   importSieve('if header :contains "subject" "Rechnung" { addflag "\\\\Flagged"; }', lookup)
 *   // { ok: true, rules: [{ name: "Imported rule 1", definition: { condition: { type: "text", field: "subject", … } … } }], unmapped: [] }
 */
import { MAX_RULE_NAME_CHARS } from "./limits.ts";
import { parseRuleDefinition, type Comparison, type Condition, type MatchType, type RuleAction, type RuleDefinition, type TextField } from "./rule-schema.ts";
import { literalFromRegexKey, posixToRe2 } from "./sieve-text.ts";
import { parseSieve, type SieveArgument, type SieveCommand, type SieveTest } from "./sieve-syntax.ts";

/** What the import needs to find the user's folders and tags; undefined when there is none. */
export interface SieveLookup {
  folderIdByPath: (path: string) => string | undefined;
  tagIdByKeyword: (keyword: string) => string | undefined;
  archivePath?: string;
  trashPath?: string;
}

export interface Unmapped {
  line: number;
  text: string;
  why: string;
}

export interface ImportedRule {
  name: string;
  line: number;
  definition: RuleDefinition;
}

export type SieveImport = { ok: true; rules: ImportedRule[]; unmapped: Unmapped[] } | { ok: false; line: number; message: string };

class Unmappable extends Error {
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(why);
  }
}

const CASE_INSENSITIVE = new Set(["i;ascii-casemap", "i;unicode-casemap"]);
const ADDRESS_FIELDS = new Set<string>(["from", "to", "cc", "reply-to"]);
const HEADER_FIELDS = new Set<string>(["subject", "list-id"]);
const RELATIONS = new Set<string>(["gt", "ge", "lt", "le", "eq"]);

/** Tagged and positional arguments of a test or command apart; a tag's value (`:comparator "x"`) taken with it. */
function splitArguments(node: SieveTest | SieveCommand) {
  const tags = new Map<string, SieveArgument | null>();
  const positional: SieveArgument[] = [];
  for (let i = 0; i < node.args.length; i++) {
    const arg = node.args[i]!;
    if (arg.kind !== "tag") positional.push(arg);
    else if (["comparator", "value", "count", "zone"].includes(arg.value)) tags.set(arg.value, node.args[++i] ?? null);
    else tags.set(arg.value, null);
  }
  return { tags, positional };
}

const strings = (arg: SieveArgument | null | undefined, line: number): string[] => {
  if (arg?.kind !== "strings") throw new Unmappable(line, "expected a string or a string list");
  return arg.value;
};

/** `*` with nothing but escaped text before it is our starts-with. */
function startsWith(pattern: string): string | null {
  if (!pattern.endsWith("*") || pattern.length < 2) return null;
  let out = "";
  for (let i = 0; i < pattern.length - 1; i++) {
    const char = pattern[i]!;
    if (char === "\\" && i + 1 < pattern.length - 1) out += pattern[++i];
    else if (char === "*" || char === "?" || char === "\\") return null;
    else out += char;
  }
  return out;
}

function matchOf(tags: Map<string, SieveArgument | null>, line: number): MatchType {
  const comparator = tags.get("comparator");
  if (comparator !== undefined) {
    const name = strings(comparator, line)[0] ?? "";
    if (!CASE_INSENSITIVE.has(name)) throw new Unmappable(line, `comparator ${name}: Mail Helper's rules always ignore letter case`);
  }
  for (const match of ["is", "contains", "matches", "regex"] as const) if (tags.has(match)) return match;
  if (tags.has("value") || tags.has("count")) throw new Unmappable(line, "relational tests on text");
  return "is";
}

const anyOf = (conditions: Condition[]): Condition => (conditions.length === 1 ? conditions[0]! : { type: "any", conditions });

/** Names × keys of a header-like test, as leaves. */
function textLeaves(names: string[], keys: string[], match: MatchType, leaf: (name: string, match: MatchType, value: string) => Condition): Condition {
  return anyOf(
    names.flatMap((name) =>
      keys.map((key) => {
        const prefix = match === "matches" ? startsWith(key) : null;
        if (prefix) return leaf(name, "starts-with", prefix);
        if (match !== "regex") return leaf(name, match, key);
        const literal = literalFromRegexKey(key);
        return literal ? leaf(name, literal.match, literal.value) : leaf(name, match, posixToRe2(key));
      }),
    ),
  );
}

function dateCondition(test: SieveTest): Condition {
  const { tags, positional } = splitArguments(test);
  const [header, part, key] = positional.map((arg) => strings(arg, test.line));
  const zone = tags.get("zone");
  if (header?.[0]?.toLowerCase() !== "date" || part?.[0] !== "date" || key?.length !== 1 || (zone !== undefined && strings(zone, test.line)[0] !== "+0000"))
    throw new Unmappable(test.line, 'date tests other than :zone "+0000" on the "date" part of the Date header');
  const relation = tags.has("is") ? "eq" : tags.get("value") ? strings(tags.get("value"), test.line)[0] : undefined;
  if (!relation || !RELATIONS.has(relation)) throw new Unmappable(test.line, "a date test without :is or :value");
  return { type: "date", op: relation as Comparison, value: key[0]! };
}

/** Our date is when the message arrived: a script's current date (./sieve-export.ts writes it so). */
function currentDateCondition(test: SieveTest): Condition {
  const { tags, positional } = splitArguments(test);
  const [part, key] = positional.map((arg) => strings(arg, test.line));
  const zone = tags.get("zone");
  if (part?.[0] !== "date" || key?.length !== 1 || (zone !== undefined && strings(zone, test.line)[0] !== "+0000"))
    throw new Unmappable(test.line, 'currentdate tests other than :zone "+0000" on the "date" part');
  const relation = tags.has("is") ? "eq" : tags.get("value") ? strings(tags.get("value"), test.line)[0] : undefined;
  if (!relation || !RELATIONS.has(relation)) throw new Unmappable(test.line, "a currentdate test without :is or :value");
  return { type: "date", op: relation as Comparison, value: key[0]! };
}

const sameArguments = (a: SieveTest, b: SieveTest) => JSON.stringify(a.args.filter((arg) => !(arg.kind === "tag" && arg.value === "all"))) === JSON.stringify(b.args);

/**
 * The two shapes the export writes for one of our conditions, read back as
 * that condition: `anyof (address :all M "from" K, header M "from" K)` (an
 * address field: address, name or both) and `anyof (body :content
 * "text/plain" M K, allof (not body :content "text/plain" :matches "*",
 * body :text M K))` (the body text). Returns the test to read instead.
 */
function exportedShape(test: SieveTest): SieveTest | null {
  const [first, second] = test.tests;
  if (test.tests.length !== 2 || !first || !second) return null;
  if (first.name === "address" && second.name === "header" && sameArguments(first, second)) return first;
  const isPlainBody = (node: SieveTest | undefined) =>
    node?.name === "body" && node.args[0]?.kind === "tag" && node.args[0].value === "content" && JSON.stringify(node.args[1]) === JSON.stringify({ kind: "strings", value: ["text/plain"] });
  const [guard, text] = second.name === "allof" ? second.tests : [];
  if (!isPlainBody(first) || second.tests.length !== 2 || guard?.name !== "not" || !isPlainBody(guard.tests[0]) || text?.name !== "body") return null;
  if (JSON.stringify(first.args.slice(2)) !== JSON.stringify(text.args.filter((arg) => !(arg.kind === "tag" && arg.value === "text")))) return null;
  return text;
}

function condition(test: SieveTest): Condition {
  const { tags, positional } = splitArguments(test);
  switch (test.name) {
    case "true":
      return { type: "all", conditions: [] };
    case "false":
      return { type: "any", conditions: [] };
    case "not":
      if (test.tests.length !== 1) throw new Unmappable(test.line, "not takes one test");
      return { type: "not", condition: condition(test.tests[0]!) };
    case "allof":
    case "anyof": {
      const exported = test.name === "anyof" ? exportedShape(test) : null;
      if (exported) return condition(exported);
      return { type: test.name === "allof" ? "all" : "any", conditions: test.tests.map(condition) };
    }
    case "header": {
      const [names, keys] = [strings(positional[0], test.line), strings(positional[1], test.line)];
      return textLeaves(names, keys, matchOf(tags, test.line), (name, match, value) => {
        const lower = name.toLowerCase();
        return HEADER_FIELDS.has(lower) ? { type: "text", field: lower as TextField, match, value } : { type: "header", name, match, value };
      });
    }
    case "address": {
      if (tags.has("localpart") || tags.has("domain") || tags.has("user") || tags.has("detail"))
        throw new Unmappable(test.line, "address parts (:localpart, :domain): write the pattern as :matches on the whole address");
      const [names, keys] = [strings(positional[0], test.line), strings(positional[1], test.line)];
      const other = names.find((name) => !ADDRESS_FIELDS.has(name.toLowerCase()));
      if (other) throw new Unmappable(test.line, `address test on ${other}: only from, to, cc and reply-to`);
      return textLeaves(names, keys, matchOf(tags, test.line), (name, match, value) => ({ type: "text", field: name.toLowerCase() as TextField, match, value }));
    }
    case "body": {
      if (tags.has("raw") || tags.has("content")) throw new Unmappable(test.line, "body :raw / :content: only the text of the body");
      const keys = strings(positional[0], test.line);
      return textLeaves(["body"], keys, matchOf(tags, test.line), (_name, match, value) => ({ type: "text", field: "body", match, value }));
    }
    case "exists":
      return anyOf(strings(positional[0], test.line).map((name) => ({ type: "header", name, match: "matches", value: "*" })));
    case "size": {
      const bytes = positional[0]?.kind === "number" ? positional[0].value : undefined;
      if (bytes === undefined || !(tags.has("over") || tags.has("under"))) throw new Unmappable(test.line, "size needs :over or :under and a number");
      return { type: "size", op: tags.has("over") ? "gt" : "lt", bytes };
    }
    case "date":
      return dateCondition(test);
    case "currentdate":
      return currentDateCondition(test);
    default:
      throw new Unmappable(test.line, `the test "${test.name}"`);
  }
}

/** Flags of addflag / setflag / removeflag: the last argument, a list whose items may hold several space-separated flags. */
function flagNames(command: SieveCommand): string[] {
  const last = command.args.at(-1);
  return strings(last, command.line).flatMap((item) => item.split(/\s+/).filter(Boolean));
}

function flagAction(flag: string, add: boolean, lookup: SieveLookup, line: number): RuleAction {
  const lower = flag.toLowerCase();
  if (lower === "\\seen") return { type: add ? "mark-read" : "mark-unread" };
  if (lower === "\\flagged") return { type: add ? "flag" : "unflag" };
  if (flag.startsWith("\\")) throw new Unmappable(line, `the flag ${flag}`);
  const tagId = lookup.tagIdByKeyword(flag);
  if (!tagId) throw new Unmappable(line, `no tag of yours has the keyword ${flag}`);
  return { type: add ? "add-tag" : "remove-tag", tagId };
}

function actions(command: SieveCommand, lookup: SieveLookup): RuleAction[] {
  switch (command.name) {
    case "fileinto": {
      const copy = command.args.some((arg) => arg.kind === "tag" && arg.value === "copy");
      const path = strings(command.args.at(-1), command.line)[0] ?? "";
      if (copy) {
        const folderId = lookup.folderIdByPath(path);
        if (!folderId) throw new Unmappable(command.line, `no folder of yours is called ${path}`);
        return [{ type: "copy", folderId }];
      }
      if (lookup.archivePath !== undefined && path === lookup.archivePath) return [{ type: "archive" }];
      if (lookup.trashPath !== undefined && path === lookup.trashPath) return [{ type: "trash" }];
      const folderId = lookup.folderIdByPath(path);
      if (!folderId) throw new Unmappable(command.line, `no folder of yours is called ${path}`);
      return [{ type: "move", folderId }];
    }
    case "addflag":
    case "setflag":
    case "removeflag": {
      if (command.args.length > 1) throw new Unmappable(command.line, "flag variables");
      return flagNames(command).map((flag) => flagAction(flag, command.name !== "removeflag", lookup, command.line));
    }
    case "discard":
      return [{ type: "delete" }];
    case "keep":
      return [];
    case "stop":
      return [{ type: "stop" }];
    default:
      throw new Unmappable(command.line, `the action "${command.name}"`);
  }
}

/** One if / elsif / else as a rule: its test after the chain's earlier tests negated. `test` is null when it could not be read. */
function importBranch(command: SieveCommand, chain: Condition[], lookup: SieveLookup, unmapped: Unmapped[], number: number): { rule: ImportedRule | null; test: Condition | null } {
  let test: Condition | null = null;
  try {
    if (command.name !== "else") {
      if (command.tests.length !== 1) throw new Unmappable(command.line, `${command.name} needs one test`);
      test = condition(command.tests[0]!);
    }
    const parts: Condition[] = [...chain.map((earlier): Condition => ({ type: "not", condition: earlier })), ...(test ? [test] : [])];
    const tree: Condition = parts.length === 1 ? parts[0]! : { type: "all", conditions: parts };
    const ruleActions: RuleAction[] = [];
    for (const inner of command.block ?? []) {
      try {
        if (inner.block) throw new Unmappable(inner.line, "a nested if: write it as one rule with allof");
        ruleActions.push(...actions(inner, lookup));
      } catch (error) {
        if (!(error instanceof Unmappable)) throw error;
        unmapped.push({ line: error.line, text: "", why: error.why });
      }
    }
    if (ruleActions.every((action) => action.type === "stop")) throw new Unmappable(command.line, "no action a rule can do");
    const parsed = parseRuleDefinition({ condition: tree, actions: ruleActions });
    if (!parsed.ok) throw new Unmappable(command.line, parsed.message);
    return { rule: { name: ruleName(command, number), line: command.line, definition: parsed.definition }, test };
  } catch (error) {
    if (!(error instanceof Unmappable)) throw error;
    unmapped.push({ line: error.line, text: "", why: error.why });
    return { rule: null, test };
  }
}

/** The rule's name from a "Rule: …" comment above it (as the export writes), else numbered. */
function ruleName(command: SieveCommand, number: number): string {
  const named = command.comments.findLast((text) => text.startsWith("Rule: "));
  const name = named ? named.slice("Rule: ".length).trim() : "";
  return (name || `Imported rule ${number} (line ${command.line})`).slice(0, MAX_RULE_NAME_CHARS);
}

/**
 * The script's rules and what could not become one.
 *
 * @example importSieve(script, lookup) // { ok: true, rules, unmapped: [{ line: 4, text: "redirect …", why: 'the action "redirect"' }] }
 */
export function importSieve(script: string, lookup: SieveLookup): SieveImport {
  const syntax = parseSieve(script);
  if (!syntax.ok) return syntax;
  const rules: ImportedRule[] = [];
  const unmapped: Unmapped[] = [];
  // The tests of the if / elsif chain so far; null when one could not be read, so what follows cannot be negated.
  let chain: Condition[] | null = null;
  try {
    for (const command of syntax.commands) {
      if (command.name === "if") chain = [];
      else if (command.name !== "elsif" && command.name !== "else") {
        // An elsif belongs to the if right before it: anything in between ends the chain.
        chain = null;
        if (command.name === "require") continue;
        unmapped.push({ line: command.line, text: "", why: "an action outside an if (it would run on every message)" });
        continue;
      } else if (chain === null) {
        unmapped.push({ line: command.line, text: "", why: "follows a test that could not be read" });
        continue;
      }
      const branch = importBranch(command, chain, lookup, unmapped, rules.length + 1);
      if (branch.rule) rules.push(branch.rule);
      chain = command.name === "else" || branch.test === null ? null : [...chain, branch.test];
    }
  } catch {
    return { ok: false, line: 1, message: "the script could not be read" };
  }
  // The script's own line, cut short, so the user finds it.
  const lines = script.split("\n");
  return { ok: true, rules, unmapped: unmapped.map((entry) => ({ ...entry, text: (lines[entry.line - 1] ?? "").trim().slice(0, 200) })) };
}
