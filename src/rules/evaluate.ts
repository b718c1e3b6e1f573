/**
 * The evaluator: pure, no I/O. Rules are compiled once per batch (regexes
 * and wildcards built once), then each message is tested against them in
 * the user's order, with Sieve's semantics (RFC 5228): every rule whose
 * condition holds contributes its actions, `stop` ends the evaluation, and a
 * message no action files elsewhere stays where it is (implicit keep).
 *
 * Only rules in act mode change anything, so only their `stop` ends the
 * evaluation; a suggest or shadow rule is recorded with what it would do and
 * the rules after it are evaluated as if it were not there.
 *
 * A message has one place: the first move / archive / trash / delete wins,
 * later ones are dropped (reported in `dropped`), and it is done after the
 * other actions, so flags and tags are written before the message leaves
 * its folder. The first snooze wins too, unless the message is filed
 * elsewhere (then it is dropped); set-priority values merge.
 */
import { priorityScore, trafficLight } from "../analysis/score.ts";
import { decodeHeaderValue } from "./header-text.ts";
import { capText, compileTextMatcher, foldCase, needsFolded, type TextMatcher } from "./match-text.ts";
import type { MessageView } from "./message-view.ts";
import type { Comparison, Condition, RuleAction, RuleDefinition, RuleMode, TextField } from "./rule-schema.ts";

/** A rule as the evaluator needs it. */
export interface EvaluableRule {
  id: string;
  mode: RuleMode;
  /** Null: every account / folder. */
  accountIds: string[] | null;
  folderIds: string[] | null;
  definition: RuleDefinition;
}

/** A condition that held, without the user's words (stored as is): its place in the tree ("0", "0.2.1") and what it tested. */
export interface WhyCode {
  path: string;
  type: Condition["type"];
  field?: string;
  match?: string;
  op?: string;
}

export interface RuleOutcome {
  ruleId: string;
  mode: RuleMode;
  matched: boolean;
  why: WhyCode[];
  /** The rule's actions (without stop) when it matched. */
  actions: RuleAction[];
}

export interface Evaluation {
  /** Every rule that watches the message, in order, until an act rule's stop. */
  outcomes: RuleOutcome[];
  /** What act rules do, in the order to do it (the disposition last). */
  plan: RuleAction[];
  /** Act rules' actions left out: a second disposition or snooze. */
  dropped: RuleAction[];
  /** No action files the message elsewhere: it stays (Sieve's implicit keep). */
  keep: boolean;
}

/** Per message: field texts made once and shared by all conditions. */
class TextCache {
  private readonly plain = new Map<string, string[]>();
  private readonly folded = new Map<string, string[]>();
  private headerMap: Map<string, string[]> | undefined;
  constructor(readonly view: MessageView) {}

  texts(key: string, fold: boolean, make: () => string[]): string[] {
    const cache = fold ? this.folded : this.plain;
    let texts = cache.get(key);
    if (!texts) {
      texts = make().map(capText);
      if (fold) texts = texts.map(foldCase);
      cache.set(key, texts);
    }
    return texts;
  }

  headers(): Map<string, string[]> {
    if (!this.headerMap) this.headerMap = parseHeaderBlock(this.view.rawHeaders);
    return this.headerMap;
  }
}

/** Header name (lower case) → values, unfolded, in order, encoded words decoded (as Sieve's `header` test sees them). */
export function parseHeaderBlock(raw: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of raw.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeHeaderValue(line.slice(colon + 1).trim())]);
  }
  return headers;
}

const addressTexts = (addresses: { name: string; address: string }[]) => addresses.flatMap((entry) => [entry.address, ...(entry.name ? [entry.name, `${entry.name} <${entry.address}>`] : [])]);

function fieldTexts(view: MessageView, field: TextField): string[] {
  switch (field) {
    case "from":
      return addressTexts(view.from);
    case "to":
      return addressTexts(view.to);
    case "cc":
      return addressTexts(view.cc);
    case "reply-to":
      return addressTexts(view.replyTo);
    case "subject":
      return [view.subject];
    case "body":
      return [view.body];
    case "list-id":
      return view.listId ? [view.listId] : [];
  }
}

function compare(op: Comparison, a: number | string, b: number | string): boolean {
  if (op === "gt") return a > b;
  if (op === "ge") return a >= b;
  if (op === "lt") return a < b;
  if (op === "le") return a <= b;
  return a === b;
}

const DAY_MS = 86_400_000;
type Test = (cache: TextCache, now: Date, why: WhyCode[]) => boolean;

function fileTypeMatcher(fileType: string): (attachment: MessageView["attachments"][number]) => boolean {
  if (fileType.includes("/")) {
    const matches = compileTextMatcher("matches", fileType);
    return (attachment) => attachment.contentType !== null && matches(foldCase(attachment.contentType));
  }
  const extension = `.${foldCase(fileType.replace(/^\./, ""))}`;
  return (attachment) => attachment.filename !== null && foldCase(attachment.filename).endsWith(extension);
}

/** A leaf's test, and its WhyCode pushed when it holds. */
function compileLeaf(node: Exclude<Condition, { type: "all" | "any" | "not" }>): (cache: TextCache, now: Date) => boolean {
  const view = (cache: TextCache) => cache.view;
  switch (node.type) {
    case "text":
    case "header": {
      const matcher: TextMatcher = compileTextMatcher(node.match, node.value);
      const fold = needsFolded(node.match);
      if (node.type === "text") return (cache) => cache.texts(node.field, fold, () => fieldTexts(cache.view, node.field)).some(matcher);
      const name = node.name.toLowerCase();
      return (cache) => cache.texts(`header:${name}`, fold, () => cache.headers().get(name) ?? []).some(matcher);
    }
    case "size":
      return (cache) => compare(node.op, view(cache).size, node.bytes);
    case "date":
      return (cache) => compare(node.op, view(cache).date.toISOString().slice(0, 10), node.value);
    case "age":
      return (cache, now) => compare(node.op, Math.floor((now.getTime() - view(cache).date.getTime()) / DAY_MS), node.days);
    case "has-attachment": {
      if (!node.fileType) return (cache) => view(cache).hasAttachments;
      const fits = fileTypeMatcher(node.fileType);
      return (cache) => view(cache).attachments.some(fits);
    }
    case "folder":
      return (cache) => view(cache).folderIds.includes(node.folderId);
    case "tag":
      return (cache) => view(cache).tagIds.includes(node.tagId);
    case "category":
      return (cache) => view(cache).analysis?.category === node.value;
    case "ai-flag":
      return (cache) => {
        const analysis = view(cache).analysis;
        return analysis !== null && analysis[node.flag] === node.value;
      };
    case "level":
      return (cache) => {
        const analysis = view(cache).analysis;
        return analysis !== null && compare(node.op, analysis[node.field], node.value);
      };
    case "traffic-light":
      return (cache) => {
        const analysis = view(cache).analysis;
        return analysis !== null && trafficLight(priorityScore(analysis.urgency, analysis.importance)) === node.value;
      };
    case "language":
      return (cache) => view(cache).analysis?.language === node.value;
    case "vip-sender":
      return (cache) => view(cache).vip;
  }
}

function whyCode(node: Condition, path: string): WhyCode {
  const code: WhyCode = { path, type: node.type };
  if ("field" in node) code.field = node.field;
  if ("match" in node) code.match = node.match;
  if ("op" in node) code.op = node.op;
  if (node.type === "ai-flag") code.field = node.flag;
  return code;
}

/** The condition tree as one test; the conditions that held are pushed to `why` (a `not` that holds is itself the reason). */
export function compileCondition(node: Condition, path = "0"): Test {
  if (node.type === "all" || node.type === "any") {
    const children = node.conditions.map((child, index) => compileCondition(child, `${path}.${index}`));
    if (node.type === "all") return (cache, now, why) => children.every((child) => child(cache, now, why));
    return (cache, now, why) => children.some((child) => child(cache, now, why));
  }
  const code = whyCode(node, path);
  if (node.type === "not") {
    const inner = compileCondition(node.condition, `${path}.0`);
    return (cache, now, why) => {
      const held = !inner(cache, now, []);
      if (held) why.push(code);
      return held;
    };
  }
  const leaf = compileLeaf(node);
  return (cache, now, why) => {
    const held = leaf(cache, now);
    if (held) why.push(code);
    return held;
  };
}

export interface CompiledRule {
  rule: EvaluableRule;
  test: Test;
}

/** Compiles once per batch (a run's page, a dry-run, one new message). */
export function compileRules(rules: EvaluableRule[]): CompiledRule[] {
  return rules.map((rule) => ({ rule, test: compileCondition(rule.definition.condition) }));
}

/** Whether the rule watches the message's account and one of its folders. */
export function watches(rule: EvaluableRule, view: MessageView): boolean {
  if (rule.accountIds && !rule.accountIds.includes(view.accountId)) return false;
  return !rule.folderIds || view.folderIds.some((folderId) => rule.folderIds!.includes(folderId));
}

const DISPOSITIONS = new Set<RuleAction["type"]>(["move", "archive", "trash", "delete"]);
const sameAction = (a: RuleAction, b: RuleAction) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Evaluates the user's rules (in their order) on one message.
 *
 * @example
 *   const compiled = compileRules(rules);
 *   for (const view of views) { const { plan, outcomes } = evaluateRules(compiled, view, new Date()); … }
 */
export function evaluateRules(compiled: CompiledRule[], view: MessageView, now: Date): Evaluation {
  const cache = new TextCache(view);
  const outcomes: RuleOutcome[] = [];
  const others: RuleAction[] = [];
  const dropped: RuleAction[] = [];
  let disposition: RuleAction | undefined;
  let snooze: RuleAction | undefined;
  let priority: Extract<RuleAction, { type: "set-priority" }> | undefined;
  for (const { rule, test } of compiled) {
    if (!watches(rule, view)) continue;
    const why: WhyCode[] = [];
    const matched = test(cache, now, why);
    const actions = matched ? rule.definition.actions.filter((action) => action.type !== "stop") : [];
    outcomes.push({ ruleId: rule.id, mode: rule.mode, matched, why, actions });
    if (!matched || rule.mode !== "act") continue;
    for (const action of rule.definition.actions) {
      if (action.type === "stop") break;
      if (DISPOSITIONS.has(action.type)) {
        if (disposition) dropped.push(action);
        else disposition = action;
      } else if (action.type === "snooze") {
        if (snooze) dropped.push(action);
        else snooze = action;
      } else if (action.type === "set-priority") priority = { ...priority, ...action };
      else if (!others.some((other) => sameAction(other, action))) others.push(action);
    }
    if (rule.definition.actions.some((action) => action.type === "stop")) break;
  }
  // A snoozed message waits where it is (or in the Snoozed folder): with a move, the move wins.
  if (snooze && disposition) {
    dropped.push(snooze);
    snooze = undefined;
  }
  const plan = [...others, ...(priority ? [priority] : []), ...(snooze ? [snooze] : []), ...(disposition ? [disposition] : [])];
  return { outcomes, plan, dropped, keep: disposition === undefined };
}
