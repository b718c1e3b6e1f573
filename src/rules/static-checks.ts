/**
 * Static checks of the user's rules (issue 17 item 5): mistakes visible in
 * the rules themselves, before any mail meets them. Pure, no I/O. Each
 * warning is a machine code with ids and numbers only (never the user's
 * words); the page and the API client word it.
 *
 * Only enabled rules are looked at, and only act-mode rules change mail or
 * stop the evaluation (./evaluate.ts), so only they can shadow, contradict,
 * loop or destroy. The logic under it (./condition-logic.ts) proves or
 * stays silent, so a warning is never a guess:
 *
 * - `never_matches`: the condition is proven unsatisfiable (an empty
 *   `any`, `not` of an always-true, `is "a"` and `is "b"` on subject / body /
 *   list-id, size / age / level ranges that are empty, two categories, a
 *   test beside its own `not`). Such a rule takes part in no other check.
 * - `shadowed` (otherRuleId: the earlier rule): an earlier act rule with
 *   `stop` watches every account and folder the later one watches, and the
 *   later one's condition implies the earlier one's (same tree, earlier
 *   always true, earlier an `any` containing it, …): the later rule never
 *   runs.
 * - `contradicts` (vars.kind: disposition, flag, read, tag): two act rules
 *   whose scopes overlap and one of whose conditions implies the other's,
 *   with no `stop` in the earlier one nor in a rule between them that
 *   catches all the mail both would, ask for opposite things: two
 *   different dispositions (move to different folders, move and trash…),
 *   flag and unflag, read and unread, add and remove the same tag.
 * - `loop` (vars.kind: tag, folder): rule A adds tag X, rule B needs X,
 *   removes it, and asks nothing A does not (A not testing X): every run
 *   tags and untags the same mail. Or A moves to F, B watches F (only) and
 *   moves to G, A watches G (only), and B asks nothing A does not besides
 *   the folder: the mail goes back and forth.
 * - `destructive_wide` (vars.action: delete or trash; vars.reason: always,
 *   broad, recent): the condition always holds or holds for nearly all
 *   mail (./condition-logic.ts broadlyHolds) and the rule is not confined
 *   to chosen folders, or its dry-run touched more than
 *   DESTRUCTIVE_WIDE_SHARE of at least DESTRUCTIVE_WIDE_MIN_EXAMINED
 *   recent messages.
 *
 * @example
 *   checkRules(rules, { candidate: { rule: draft, position: 2 } })
 *   // [{ code: "shadowed", ruleId: draft.id, otherRuleId: rules[0].id, vars: {} }]
 */
import { alwaysHolds, broadlyHolds, implies, mentions, neverHolds, without } from "./condition-logic.ts";
import type { EvaluableRule } from "./evaluate.ts";
import { DESTRUCTIVE_WIDE_MIN_EXAMINED, DESTRUCTIVE_WIDE_SHARE } from "./limits.ts";
import type { Condition, RuleAction } from "./rule-schema.ts";

export const RULE_WARNING_CODES = ["never_matches", "shadowed", "contradicts", "loop", "destructive_wide"] as const;
export type RuleWarningCode = (typeof RULE_WARNING_CODES)[number];

export interface RuleWarning {
  code: RuleWarningCode;
  ruleId: string;
  /** The other rule of a pair (shadowed: the earlier one). */
  otherRuleId?: string;
  vars: Record<string, string | number>;
}

export interface CheckedRule extends EvaluableRule {
  enabled: boolean;
}

export interface CheckOptions {
  /** A rule being saved: replaces the rule with its id, else goes in at `position` (default: last). */
  candidate?: { rule: CheckedRule; position?: number };
  /** Dry-run counts by rule id (./dry-run.ts): how much recent mail it would touch. */
  recent?: Map<string, { examined: number; matched: number }>;
}

const acts = (rule: CheckedRule) => rule.enabled && rule.mode === "act";
const has = (rule: CheckedRule, type: RuleAction["type"]) => rule.definition.actions.some((action) => action.type === type);
const condition = (rule: CheckedRule) => rule.definition.condition;

/** The rules in order with the candidate in its place. */
function withCandidate(rules: CheckedRule[], candidate: CheckOptions["candidate"]): CheckedRule[] {
  if (!candidate) return rules;
  const others = rules.filter((rule) => rule.id !== candidate.rule.id);
  const at = rules.findIndex((rule) => rule.id === candidate.rule.id);
  const position = candidate.position ?? (at >= 0 ? at : others.length);
  return [...others.slice(0, position), candidate.rule, ...others.slice(position)];
}

/** Whether `outer` watches everything `inner` does (null: all). */
const covers = (outer: string[] | null, inner: string[] | null) => outer === null || (inner !== null && inner.every((id) => outer.includes(id)));
/** Whether two scopes can share a message. */
const overlaps = (a: string[] | null, b: string[] | null) => a === null || b === null || a.some((id) => b.includes(id));

function scopeCovers(outer: CheckedRule, inner: CheckedRule): boolean {
  return covers(outer.accountIds, inner.accountIds) && covers(outer.folderIds, inner.folderIds);
}

/** Whether two rules can watch one message: accounts, and folders by scope or by a folder their condition requires. */
function scopesOverlap(a: CheckedRule, b: CheckedRule): boolean {
  return overlaps(a.accountIds, b.accountIds) && overlaps(foldersOf(a), foldersOf(b));
}

const DISPOSITIONS = new Set<RuleAction["type"]>(["move", "archive", "trash", "delete"]);
const OPPOSITES: [RuleAction["type"], RuleAction["type"], string][] = [
  ["flag", "unflag", "flag"],
  ["mark-read", "mark-unread", "read"],
];

/** Actions until `stop`: what the rule does. */
const effective = (rule: CheckedRule) => {
  const stopAt = rule.definition.actions.findIndex((action) => action.type === "stop");
  return stopAt < 0 ? rule.definition.actions : rule.definition.actions.slice(0, stopAt);
};

/** What the two rules' actions contradict in, if anything. */
function conflict(a: CheckedRule, b: CheckedRule): string | undefined {
  const first = effective(a);
  const second = effective(b);
  const dispositionA = first.find((action) => DISPOSITIONS.has(action.type));
  const dispositionB = second.find((action) => DISPOSITIONS.has(action.type));
  if (dispositionA && dispositionB && JSON.stringify(dispositionA) !== JSON.stringify(dispositionB)) return "disposition";
  const typesA = new Set(first.map((action) => action.type));
  const typesB = new Set(second.map((action) => action.type));
  for (const [on, off, kind] of OPPOSITES) if ((typesA.has(on) && typesB.has(off)) || (typesA.has(off) && typesB.has(on))) return kind;
  const tags = (actions: RuleAction[], type: "add-tag" | "remove-tag") => actions.flatMap((action) => (action.type === type ? [action.tagId] : []));
  const clash = (adds: string[], removes: string[]) => adds.some((tagId) => removes.includes(tagId));
  if (clash(tags(first, "add-tag"), tags(second, "remove-tag")) || clash(tags(second, "add-tag"), tags(first, "remove-tag"))) return "tag";
  return undefined;
}

const isTag = (tagId: string) => (leaf: Condition) => leaf.type === "tag" && leaf.tagId === tagId;
const isFolder = (leaf: Condition) => leaf.type === "folder";

/** Folders a rule is confined to: its scope, else the folders its condition requires; null when it watches all. */
function foldersOf(rule: CheckedRule): string[] | null {
  if (rule.folderIds) return rule.folderIds;
  const required: string[] = [];
  const collect = (node: Condition) => {
    if (node.type === "folder") required.push(node.folderId);
    else if (node.type === "all") node.conditions.forEach(collect);
  };
  collect(condition(rule));
  return required.length > 0 ? required : null;
}

function tagLoop(adder: CheckedRule, remover: CheckedRule): boolean {
  return effective(adder).some(
    (action) =>
      action.type === "add-tag" &&
      effective(remover).some((other) => other.type === "remove-tag" && other.tagId === action.tagId) &&
      implies(condition(remover), { type: "tag", tagId: action.tagId }) &&
      !mentions(condition(adder), isTag(action.tagId)) &&
      implies(condition(adder), without(condition(remover), isTag(action.tagId))),
  );
}

function folderLoop(a: CheckedRule, b: CheckedRule): boolean {
  const moveA = effective(a).find((action) => DISPOSITIONS.has(action.type));
  const moveB = effective(b).find((action) => DISPOSITIONS.has(action.type));
  if (moveA?.type !== "move" || moveB?.type !== "move") return false;
  const foldersA = foldersOf(a);
  const foldersB = foldersOf(b);
  return (
    foldersA !== null &&
    foldersB !== null &&
    foldersB.includes(moveA.folderId) &&
    foldersA.includes(moveB.folderId) &&
    implies(without(condition(a), isFolder), without(condition(b), isFolder)) &&
    implies(without(condition(b), isFolder), without(condition(a), isFolder))
  );
}

function destructiveWide(rule: CheckedRule, recent: CheckOptions["recent"]): RuleWarning | undefined {
  const action = effective(rule).find((entry) => entry.type === "delete" || entry.type === "trash")?.type;
  if (!action) return undefined;
  const warn = (reason: string, extra: Record<string, number> = {}): RuleWarning => ({ code: "destructive_wide", ruleId: rule.id, vars: { action, reason, ...extra } });
  // "Empty the spam folder" is a deliberate rule: confined to chosen folders, only the dry-run's share can call it too wide.
  if (foldersOf(rule) === null && alwaysHolds(condition(rule))) return warn("always");
  if (foldersOf(rule) === null && broadlyHolds(condition(rule))) return warn("broad");
  const counts = recent?.get(rule.id);
  if (counts && counts.examined >= DESTRUCTIVE_WIDE_MIN_EXAMINED && counts.matched > counts.examined * DESTRUCTIVE_WIDE_SHARE)
    return warn("recent", { matched: counts.matched, examined: counts.examined });
  return undefined;
}

/**
 * The warnings for the user's rules in their order (one user's rules only:
 * the caller loads them scoped by the user).
 */
export function checkRules(rules: CheckedRule[], options: CheckOptions = {}): RuleWarning[] {
  const ordered = withCandidate(rules, options.candidate).filter((rule) => rule.enabled);
  const warnings: RuleWarning[] = [];
  const live: CheckedRule[] = [];
  for (const rule of ordered) {
    if (neverHolds(condition(rule))) warnings.push({ code: "never_matches", ruleId: rule.id, vars: {} });
    else live.push(rule);
  }
  for (const [index, later] of live.entries()) {
    const shadow = live.slice(0, index).find((earlier) => acts(earlier) && has(earlier, "stop") && scopeCovers(earlier, later) && implies(condition(later), condition(earlier)));
    if (shadow) {
      warnings.push({ code: "shadowed", ruleId: later.id, otherRuleId: shadow.id, vars: {} });
      continue;
    }
    if (acts(later)) {
      const wide = destructiveWide(later, options.recent);
      if (wide) warnings.push(wide);
    }
  }
  const shadowed = new Set(warnings.filter((warning) => warning.code === "shadowed").map((warning) => warning.ruleId));
  const active = live.filter((rule) => acts(rule) && !shadowed.has(rule.id));
  for (const [index, earlier] of active.entries()) {
    for (const later of active.slice(index + 1)) {
      if (!scopesOverlap(earlier, later)) continue;
      // Where both hold is the narrower condition's mail; a stop there (the earlier rule's, or a rule's in between) keeps the later one off it.
      const narrower = implies(condition(later), condition(earlier)) ? later : implies(condition(earlier), condition(later)) ? earlier : undefined;
      if (!narrower || has(earlier, "stop")) continue;
      const between = live.slice(live.indexOf(earlier) + 1, live.indexOf(later));
      if (between.some((rule) => acts(rule) && has(rule, "stop") && scopeCovers(rule, earlier) && scopeCovers(rule, later) && implies(condition(narrower), condition(rule)))) continue;
      const kind = conflict(earlier, later);
      if (kind) warnings.push({ code: "contradicts", ruleId: later.id, otherRuleId: earlier.id, vars: { kind } });
    }
  }
  for (const a of active) {
    for (const b of active) {
      if (tagLoop(a, b)) warnings.push({ code: "loop", ruleId: a.id, otherRuleId: b.id, vars: { kind: "tag" } });
      else if (a.id < b.id && folderLoop(a, b)) warnings.push({ code: "loop", ruleId: a.id, otherRuleId: b.id, vars: { kind: "folder" } });
    }
  }
  return warnings;
}

/** The warnings that name a rule (the one just saved). */
export const warningsAbout = (warnings: RuleWarning[], ruleId: string) => warnings.filter((warning) => warning.ruleId === ruleId || warning.otherRuleId === ruleId);
