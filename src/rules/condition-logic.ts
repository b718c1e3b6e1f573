/**
 * What can be said about conditions without mail: whether one always
 * holds, never holds, or holds whenever another does. Every answer is
 * conservative: `true` is a proof, `false` means "not shown" — so the
 * static checks built on it (./static-checks.ts) never warn wrongly, and
 * miss some cases instead.
 *
 * Multi-valued fields matter: `to`, `cc`, `from` (address, name, and both)
 * and headers are lists, so `is "a"` and `is "b"` on them can both hold;
 * only subject, body and list-id have one text each.
 */
import { RE2JS } from "re2js";
import { foldCase } from "./match-text.ts";
import type { Condition } from "./rule-schema.ts";

const TRUE: Condition = { type: "all", conditions: [] };

/** Same tree, key order aside. */
export function sameCondition(a: Condition, b: Condition): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // Folded as the evaluator folds: every text match but regex, which RE2 runs on the text as it is (ß is not "ss" there).
    const folds = (record.type === "text" || record.type === "header") && record.match !== "regex";
    const text = (key: string) => (key === "value" && folds ? foldCase(record[key] as string) : record[key]);
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${key}:${canonical(text(key))}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Holds for every message: an empty `all`, `size ge 0`, `age`-free trivia, `not` of a never. */
export function alwaysHolds(node: Condition): boolean {
  switch (node.type) {
    case "all":
      return node.conditions.every(alwaysHolds);
    case "any":
      return node.conditions.some(alwaysHolds);
    case "not":
      return neverHolds(node.condition);
    case "size":
      return node.op === "ge" && node.bytes === 0;
    default:
      return false;
  }
}

/** Holds for no message: an empty `any`, `not` of an always, or an `all` of tests that exclude each other. */
export function neverHolds(node: Condition): boolean {
  switch (node.type) {
    case "any":
      return node.conditions.every(neverHolds);
    case "not":
      return alwaysHolds(node.condition);
    case "all":
      return node.conditions.some(neverHolds) || excludeEachOther(node.conditions);
    case "size":
      return node.op === "lt" && node.bytes === 0;
    default:
      return false;
  }
}

/** Single-valued properties: two different values cannot both hold. */
const SINGLE_TEXT_FIELDS = new Set(["subject", "body", "list-id"]);

function excludeEachOther(conditions: Condition[]): boolean {
  const seen = new Map<string, string>();
  const ranges = new Map<string, [number, number]>();
  for (const node of conditions) {
    let key: string | undefined;
    let value: string | undefined;
    if (node.type === "text" && node.match === "is" && SINGLE_TEXT_FIELDS.has(node.field)) [key, value] = [`text:${node.field}`, foldCase(node.value)];
    else if (node.type === "category" || node.type === "traffic-light" || node.type === "language") [key, value] = [node.type, node.value];
    else if (node.type === "ai-flag") [key, value] = [`ai-flag:${node.flag}`, String(node.value)];
    if (key !== undefined && value !== undefined) {
      if (seen.has(key) && seen.get(key) !== value) return true;
      seen.set(key, value);
    }
    // Sizes and levels are whole numbers: gt 5 is ge 6. Ages can be negative (mail dated in the future), so no floor of 0 is assumed there.
    const bounded =
      node.type === "size" ? ["size", node.op, node.bytes] : node.type === "level" ? [`level:${node.field}`, node.op, node.value] : node.type === "age" ? ["age", node.op, node.days] : undefined;
    if (bounded) {
      const [rangeKey, op, n] = bounded as [string, string, number];
      const [low, high] = ranges.get(rangeKey) ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      const next: [number, number] =
        op === "gt"
          ? [Math.max(low, n + 1), high]
          : op === "ge"
            ? [Math.max(low, n), high]
            : op === "lt"
              ? [low, Math.min(high, n - 1)]
              : op === "le"
                ? [low, Math.min(high, n)]
                : [Math.max(low, n), Math.min(high, n)];
      if (next[0] > next[1]) return true;
      ranges.set(rangeKey, next);
    }
  }
  // A test and its own negation side by side.
  return conditions.some((node) => node.type === "not" && conditions.some((other) => sameCondition(other, node.condition)));
}

/**
 * Whether `a` holding proves `b` holds (a ⊨ b), by the tree's shape only:
 * the same test, `b` always true, `b` an `any` one of whose parts `a`
 * proves, `b` an `all` every part of which `a` proves, `a` an `all` one
 * part of which proves `b`, or `a` an `any` every part of which does.
 *
 * @example implies({ type: "tag", tagId }, { type: "any", conditions: [{ type: "tag", tagId }, other] }) // true
 */
export function implies(a: Condition, b: Condition): boolean {
  if (alwaysHolds(b) || sameCondition(a, b)) return true;
  if (b.type === "any" && b.conditions.some((part) => implies(a, part))) return true;
  if (b.type === "all" && b.conditions.every((part) => implies(a, part))) return true;
  if (a.type === "all" && a.conditions.some((part) => implies(part, b))) return true;
  if (a.type === "any" && a.conditions.length > 0 && a.conditions.every((part) => implies(part, b))) return true;
  return false;
}

/** Whether a regex finds a match in every text (it matches the empty string, and search is unanchored). */
function matchesAnyText(pattern: string): boolean {
  try {
    return RE2JS.compile(pattern).test("");
  } catch {
    return false;
  }
}

/**
 * Tests that hold for nearly all mail: `size gt 0`, `age ge 0`, a wildcard
 * of only `*`, a regex that matches the empty string, the `not` of one
 * narrow test; an `all` of only such tests, an `any` with one.
 */
export function broadlyHolds(node: Condition): boolean {
  if (alwaysHolds(node)) return true;
  switch (node.type) {
    case "all":
      return node.conditions.every(broadlyHolds);
    case "any":
      return node.conditions.some(broadlyHolds);
    case "not":
      return !["all", "any", "not"].includes(node.condition.type) && !broadlyHolds(node.condition);
    case "size":
      return (node.op === "gt" && node.bytes === 0) || (node.op === "ge" && node.bytes <= 1);
    case "age":
      return node.op === "ge" && node.days === 0;
    case "text":
    case "header":
      return (node.match === "matches" && /^\*+$/.test(node.value)) || (node.match === "regex" && matchesAnyText(node.value));
    default:
      return false;
  }
}

/** The tree with every test `drop` picks replaced by "true": what else the condition asks for. */
export function without(node: Condition, drop: (leaf: Condition) => boolean): Condition {
  if (node.type === "all" || node.type === "any") return { ...node, conditions: node.conditions.map((part) => without(part, drop)) };
  if (node.type === "not") return drop(node.condition) ? TRUE : { type: "not", condition: without(node.condition, drop) };
  return drop(node) ? TRUE : node;
}

/** Whether any test in the tree is one `pick` picks. */
export function mentions(node: Condition, pick: (leaf: Condition) => boolean): boolean {
  if (node.type === "all" || node.type === "any") return node.conditions.some((part) => mentions(part, pick));
  if (node.type === "not") return mentions(node.condition, pick);
  return pick(node);
}
