/**
 * A rule as a typed tree (valibot): a condition tree and a list of actions,
 * modelled on Sieve (RFC 5228) so the export can say the same thing.
 *
 * Conditions: text tests on from / to / cc / reply-to / subject / body /
 * list-id / any header, with the match types is, contains, starts-with,
 * matches (wildcards `*` and `?`) and regex (RE2 syntax: linear time, no
 * backreferences or lookaround, ./match-text.ts); comparisons (gt, ge, lt,
 * le, eq) of size, date and age; attachment (and its type), folder, tag,
 * the AI's results and the VIP list; all / any / not at any depth up to
 * MAX_CONDITION_DEPTH. Text tests ignore letter case (with umlauts and ß).
 *
 * Actions: move, copy, archive, mark-read, mark-unread, flag, unflag,
 * add-tag, remove-tag, set-priority, snooze, trash, delete, stop. A copy
 * (Sieve `fileinto :copy`) leaves the message where it is and puts a copy
 * into the folder: an IMAP COPY through the journal, undone by expunging
 * that copy.
 *
 * @example
 *   const rule: RuleDefinition = {
 *     condition: { type: "all", conditions: [
 *       { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
 *       { type: "text", field: "subject", match: "regex", value: "rechnung\\s+\\d+" },
 *     ] },
 *     actions: [{ type: "move", folderId }, { type: "flag" }, { type: "stop" }],
 *   };
 */
import * as v from "valibot";
import { CATEGORIES } from "../analysis/types.ts";
import { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, MAX_CONDITION_VALUE_CHARS, MAX_RULE_ACTIONS, MAX_SNOOZE_HOURS } from "./limits.ts";
import { regexProblem } from "./match-text.ts";

export const TEXT_FIELDS = ["from", "to", "cc", "reply-to", "subject", "body", "list-id"] as const;
export const MATCH_TYPES = ["is", "contains", "starts-with", "matches", "regex"] as const;
export const COMPARISONS = ["gt", "ge", "lt", "le", "eq"] as const;
export const RULE_MODES = ["act", "suggest", "shadow"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type MatchType = (typeof MATCH_TYPES)[number];
export type Comparison = (typeof COMPARISONS)[number];
export type RuleMode = (typeof RULE_MODES)[number];

const id = v.pipe(v.string(), v.uuid());
const level = v.picklist([1, 2, 3]);
const value = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CONDITION_VALUE_CHARS));
/** A header field name (RFC 5322 ftext: printable ASCII but the colon). */
const headerName = v.pipe(v.string(), v.regex(/^[\x21-\x39\x3b-\x7e]{1,100}$/, "a header name: letters, digits and dashes"));

export type Condition =
  | { type: "text"; field: TextField; match: MatchType; value: string }
  | { type: "header"; name: string; match: MatchType; value: string }
  | { type: "size"; op: Comparison; bytes: number }
  /** The message's date (received, else sent) in UTC, as YYYY-MM-DD. */
  | { type: "date"; op: Comparison; value: string }
  /** Whole days since the message's date. */
  | { type: "age"; op: Comparison; days: number }
  /** `fileType`: an extension ("pdf") or a MIME type, wildcards allowed ("image/*"); absent: any attachment. */
  | { type: "has-attachment"; fileType?: string }
  | { type: "folder"; folderId: string }
  | { type: "tag"; tagId: string }
  | { type: "category"; value: (typeof CATEGORIES)[number] }
  | { type: "ai-flag"; flag: "spam" | "newsletter" | "phishing"; value: boolean }
  | { type: "level"; field: "urgency" | "importance"; op: Comparison; value: 1 | 2 | 3 }
  | { type: "traffic-light"; value: "red" | "yellow" | "green" }
  /** ISO 639-1, as the analysis found it. */
  | { type: "language"; value: string }
  | { type: "vip-sender" }
  | { type: "all"; conditions: Condition[] }
  | { type: "any"; conditions: Condition[] }
  | { type: "not"; condition: Condition };

const textMatch = <T extends v.ObjectEntries>(entries: T) =>
  v.pipe(
    v.object({ ...entries, match: v.picklist(MATCH_TYPES), value }),
    v.check(
      (node) => node.match !== "regex" || regexProblem(node.value as string) === null,
      (issue) => `value: ${regexProblem((issue.input as { value: string }).value)}`,
    ),
  );

export const ConditionSchema: v.GenericSchema<Condition> = v.variant("type", [
  textMatch({ type: v.literal("text"), field: v.picklist(TEXT_FIELDS) }),
  textMatch({ type: v.literal("header"), name: headerName }),
  v.object({ type: v.literal("size"), op: v.picklist(COMPARISONS), bytes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1)) }),
  v.object({ type: v.literal("date"), op: v.picklist(COMPARISONS), value: v.pipe(v.string(), v.isoDate()) }),
  v.object({ type: v.literal("age"), op: v.picklist(COMPARISONS), days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)) }),
  v.object({ type: v.literal("has-attachment"), fileType: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))) }),
  v.object({ type: v.literal("folder"), folderId: id }),
  v.object({ type: v.literal("tag"), tagId: id }),
  v.object({ type: v.literal("category"), value: v.picklist(CATEGORIES) }),
  v.object({ type: v.literal("ai-flag"), flag: v.picklist(["spam", "newsletter", "phishing"]), value: v.boolean() }),
  v.object({ type: v.literal("level"), field: v.picklist(["urgency", "importance"]), op: v.picklist(COMPARISONS), value: level }),
  v.object({ type: v.literal("traffic-light"), value: v.picklist(["red", "yellow", "green"]) }),
  v.object({ type: v.literal("language"), value: v.pipe(v.string(), v.regex(/^[a-z]{2}$/, "a two-letter language code (ISO 639-1)")) }),
  v.object({ type: v.literal("vip-sender") }),
  v.object({ type: v.literal("all"), conditions: v.array(v.lazy(() => ConditionSchema)) }),
  v.object({ type: v.literal("any"), conditions: v.array(v.lazy(() => ConditionSchema)) }),
  v.object({ type: v.literal("not"), condition: v.lazy(() => ConditionSchema) }),
]) as v.GenericSchema<Condition>;

export type RuleAction =
  | { type: "move"; folderId: string }
  /** A copy into the folder; the message stays where it is (several copies allowed). */
  | { type: "copy"; folderId: string }
  | { type: "archive" | "trash" | "delete" | "mark-read" | "mark-unread" | "flag" | "unflag" | "stop" }
  | { type: "add-tag" | "remove-tag"; tagId: string }
  /** Overrides the analysis's levels like a correction does, without teaching the model (a rule is not the user's judgement of one message). */
  | { type: "set-priority"; urgency?: 1 | 2 | 3; importance?: 1 | 2 | 3 }
  | { type: "snooze"; hours: number };

export const RuleActionSchema: v.GenericSchema<RuleAction> = v.variant("type", [
  v.object({ type: v.literal("move"), folderId: id }),
  v.object({ type: v.literal("copy"), folderId: id }),
  v.object({ type: v.picklist(["archive", "trash", "delete", "mark-read", "mark-unread", "flag", "unflag", "stop"]) }),
  v.object({ type: v.picklist(["add-tag", "remove-tag"]), tagId: id }),
  v.pipe(
    v.object({ type: v.literal("set-priority"), urgency: v.optional(level), importance: v.optional(level) }),
    v.check((action) => action.urgency !== undefined || action.importance !== undefined, "urgency or importance"),
  ),
  v.object({ type: v.literal("snooze"), hours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SNOOZE_HOURS)) }),
]) as v.GenericSchema<RuleAction>;

export interface RuleDefinition {
  condition: Condition;
  actions: RuleAction[];
}

/** Depth (a leaf is 1) and node count of a condition tree; stops counting past the limits, so a huge tree costs little. */
export function treeSize(root: Condition): { depth: number; nodes: number } {
  let nodes = 0;
  let depth = 0;
  const walk = (node: Condition, level: number) => {
    if (nodes > MAX_CONDITION_NODES || level > MAX_CONDITION_DEPTH) return;
    nodes++;
    depth = Math.max(depth, level);
    if (node.type === "all" || node.type === "any") for (const child of node.conditions) walk(child, level + 1);
    else if (node.type === "not") walk(node.condition, level + 1);
  };
  walk(root, 1);
  return { depth, nodes };
}

/** Counts nodes of the raw input before valibot walks it: a deep tree must be refused before recursive parsing reaches it. */
function rawTooBig(input: unknown): string | null {
  let nodes = 0;
  const walk = (node: unknown, level: number): string | null => {
    if (level > MAX_CONDITION_DEPTH) return `condition: nested deeper than ${MAX_CONDITION_DEPTH} levels`;
    if (++nodes > MAX_CONDITION_NODES) return `condition: more than ${MAX_CONDITION_NODES} conditions`;
    if (typeof node !== "object" || node === null) return null;
    const record = node as Record<string, unknown>;
    const children = Array.isArray(record.conditions) ? record.conditions : record.condition !== undefined ? [record.condition] : [];
    for (const child of children) {
      const problem = walk(child, level + 1);
      if (problem) return problem;
    }
    return null;
  };
  return typeof input === "object" && input !== null ? walk((input as Record<string, unknown>).condition, 1) : null;
}

export const RuleDefinitionSchema = v.pipe(
  v.custom<unknown>(
    (input) => rawTooBig(input) === null,
    (issue) => rawTooBig(issue.input) ?? "too large",
  ),
  v.object({ condition: ConditionSchema, actions: v.pipe(v.array(RuleActionSchema), v.minLength(1), v.maxLength(MAX_RULE_ACTIONS)) }),
);

export type ParsedDefinition = { ok: true; definition: RuleDefinition } | { ok: false; message: string };

/**
 * A rule definition from untrusted input (the API, a stored row of an
 * older version), with the first problem as "path: message".
 *
 * @example parseRuleDefinition({ condition: { type: "text", field: "subject", match: "regex", value: "(a)\\1" }, actions: [{ type: "flag" }] })
 *   // { ok: false, message: "condition.value: RE2 cannot run this pattern: invalid escape sequence: `\\1` …" }
 */
export function parseRuleDefinition(input: unknown): ParsedDefinition {
  const parsed = v.safeParse(RuleDefinitionSchema, input);
  if (parsed.success) return { ok: true, definition: parsed.output as RuleDefinition };
  const issue = parsed.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}
