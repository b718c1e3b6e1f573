/**
 * The rule editor's form as a draft: what the user has typed, kept as
 * strings so a half-filled form can be shown again as it was, and turned
 * into a rule tree (./rule-schema.ts) only to be checked or saved. Pure:
 * no I/O, so parsing, rendering and the ops (./rule-form-ops.ts) are
 * tested without a server.
 *
 * Field names carry the place in the tree, each name once (the form
 * reader keeps one value per name): the condition root is `c`, the
 * children of a group (all / any) are `c.0`, `c.1`…, the one condition
 * under a not is `c.0`; each node has `<path>.type` and its own fields
 * (`c.1.field`, `c.1.match`, `c.1.value`). Actions are `a.0.type`,
 * `a.0.folderId`… Watched accounts and folders are checkboxes
 * `scope.account.<id>` and `scope.folder.<id>`.
 *
 * @example
 *   const draft = draftFromForm({ name: "Rechnungen", mode: "act", enabled: "true", "c.type": "all",
 *     "c.0.type": "text", "c.0.field": "subject", "c.0.match": "contains", "c.0.value": "Rechnung", "a.0.type": "flag" });
 *   checkDraft(draft) // { ok: true, input: { name: "Rechnungen", …, definition: { condition: { type: "all", conditions: [ … ] }, actions: [{ type: "flag" }] } } }
 */
import * as v from "valibot";
import { CATEGORIES } from "../analysis/types.ts";
import { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, MAX_RULE_ACTIONS, MAX_RULE_NAME_CHARS } from "./limits.ts";
import { COMPARISONS, type Condition, MATCH_TYPES, RULE_MODES, type RuleAction, type RuleDefinition, RuleDefinitionSchema, type RuleMode, TEXT_FIELDS } from "./rule-schema.ts";
import type { RuleInput } from "./store.ts";

/** Condition types a leaf can have, in the order the type picker lists them. */
export const LEAF_TYPES = ["text", "header", "size", "date", "age", "has-attachment", "folder", "tag", "category", "ai-flag", "level", "traffic-light", "language", "vip-sender"] as const;
export type LeafType = (typeof LEAF_TYPES)[number];
export const GROUP_TYPES = ["all", "any", "not"] as const;
export type GroupType = (typeof GROUP_TYPES)[number];
export const CONDITION_TYPES = [...GROUP_TYPES, ...LEAF_TYPES] as const;

export const AI_FLAGS = ["spam", "newsletter", "phishing"] as const;
export const LEVEL_FIELDS = ["urgency", "importance"] as const;
export const LEVELS = ["1", "2", "3"] as const;
export const TRAFFIC_LIGHTS = ["red", "yellow", "green"] as const;
/** Size units of the editor; bytes are stored. */
export const SIZE_UNITS = { KB: 1024, MB: 1024 * 1024, B: 1 } as const;
export type SizeUnit = keyof typeof SIZE_UNITS;

/** Each leaf type's form fields with their value when new (a picklist starts at a sensible choice, free text empty). */
export const LEAF_FIELDS: Record<LeafType, Record<string, string>> = {
  text: { field: "from", match: "contains", value: "" },
  header: { name: "", match: "contains", value: "" },
  size: { op: "gt", amount: "", unit: "MB" },
  date: { op: "lt", value: "" },
  age: { op: "gt", days: "" },
  "has-attachment": { fileType: "" },
  folder: { folderId: "" },
  tag: { tagId: "" },
  category: { value: CATEGORIES[0] },
  "ai-flag": { flag: "newsletter", value: "true" },
  level: { field: "urgency", op: "ge", value: "3" },
  "traffic-light": { value: "red" },
  language: { value: "" },
  "vip-sender": {},
};

/**
 * Every action the editor offers, with the fields it asks for, in the
 * order of the picker. A new action type is one line here (and its word
 * `rules.action.<type>` in the catalogues).
 */
export const ACTION_CHOICES = [
  { type: "move", fields: ["folderId"] },
  { type: "copy", fields: ["folderId"] },
  { type: "archive", fields: [] },
  { type: "mark-read", fields: [] },
  { type: "mark-unread", fields: [] },
  { type: "flag", fields: [] },
  { type: "unflag", fields: [] },
  { type: "add-tag", fields: ["tagId"] },
  { type: "remove-tag", fields: ["tagId"] },
  { type: "set-priority", fields: ["urgency", "importance"] },
  { type: "snooze", fields: ["hours"] },
  { type: "trash", fields: [] },
  { type: "delete", fields: [] },
  { type: "stop", fields: [] },
] as const satisfies readonly { type: RuleAction["type"]; fields: readonly ActionField[] }[];
export type ActionField = "folderId" | "tagId" | "urgency" | "importance" | "hours";
export type ActionType = (typeof ACTION_CHOICES)[number]["type"];
/** Action fields that are numbers; the optional ones may stay empty. */
const NUMBER_FIELDS = new Set<ActionField>(["urgency", "importance", "hours"]);
const OPTIONAL_FIELDS = new Set<ActionField>(["urgency", "importance"]);

export type DraftCondition = { type: "all" | "any"; children: DraftCondition[] } | { type: "not"; child: DraftCondition } | { type: LeafType; fields: Record<string, string> };

export interface DraftAction {
  type: ActionType;
  fields: Partial<Record<ActionField, string>>;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  mode: RuleMode;
  accountIds: string[];
  folderIds: string[];
  condition: DraftCondition;
  actions: DraftAction[];
  /** Words of a message's subject offered as conditions (a rule made from a message). */
  words: string[];
}

export const isLeaf = (node: DraftCondition): node is Extract<DraftCondition, { fields: Record<string, string> }> => (LEAF_TYPES as readonly string[]).includes(node.type);
const isConditionType = (value: unknown): value is DraftCondition["type"] => (CONDITION_TYPES as readonly string[]).includes(value as string);
const actionChoice = (type: string) => ACTION_CHOICES.find((choice) => choice.type === type);

export const newLeaf = (type: LeafType = "text"): DraftCondition => ({ type, fields: { ...LEAF_FIELDS[type] } });
export const newAction = (type: ActionType = "flag"): DraftAction => ({ type, fields: Object.fromEntries((actionChoice(type)?.fields ?? []).map((field) => [field, ""])) });

export function emptyDraft(): RuleDraft {
  return { name: "", enabled: true, mode: "act", accountIds: [], folderIds: [], condition: { type: "all", children: [newLeaf()] }, actions: [newAction()], words: [] };
}

type Form = Record<string, string | undefined>;

/** The node at `path` read from the form; a node whose type changed keeps what fits (a group's children, a leaf's fields). */
function conditionFromForm(form: Form, path: string, depth: number): DraftCondition {
  const type = form[`${path}.type`];
  if (!isConditionType(type)) return newLeaf();
  const children = () => {
    const found: DraftCondition[] = [];
    if (depth >= MAX_CONDITION_DEPTH) return found;
    for (let index = 0; index < MAX_CONDITION_NODES && found.length < MAX_CONDITION_NODES; index++)
      if (form[`${path}.${index}.type`] !== undefined) found.push(conditionFromForm(form, `${path}.${index}`, depth + 1));
    return found;
  };
  if (type === "all" || type === "any") return { type, children: children() };
  if (type === "not") return { type, child: children()[0] ?? newLeaf() };
  const fields = Object.fromEntries(Object.entries(LEAF_FIELDS[type]).map(([name, initial]) => [name, form[`${path}.${name}`] ?? initial]));
  return { type, fields };
}

/** The draft a posted form holds. Unknown names are ignored; a missing field takes its initial value. */
export function draftFromForm(form: Form): RuleDraft {
  const actions: DraftAction[] = [];
  for (let index = 0; index < MAX_RULE_ACTIONS * 2 && actions.length < MAX_RULE_ACTIONS; index++) {
    const choice = actionChoice(form[`a.${index}.type`] ?? "");
    if (!choice) continue;
    actions.push({ type: choice.type, fields: Object.fromEntries(choice.fields.map((field) => [field, form[`a.${index}.${field}`] ?? ""])) });
  }
  const checked = (prefix: string) =>
    Object.keys(form)
      .filter((name) => name.startsWith(prefix) && form[name])
      .map((name) => name.slice(prefix.length));
  return {
    name: (form.name ?? "").trim(),
    enabled: form.enabled === "true" || form.enabled === "on",
    mode: (RULE_MODES as readonly string[]).includes(form.mode ?? "") ? (form.mode as RuleMode) : "act",
    accountIds: checked("scope.account."),
    folderIds: checked("scope.folder."),
    condition: form["c.type"] === undefined ? { type: "all", children: [] } : conditionFromForm(form, "c", 1),
    actions,
    words: (form.words ?? "").split(" ").filter(Boolean).slice(0, 20),
  };
}

const largestUnit = (bytes: number): SizeUnit => (bytes > 0 && bytes % SIZE_UNITS.MB === 0 ? "MB" : bytes > 0 && bytes % SIZE_UNITS.KB === 0 ? "KB" : "B");

function conditionToDraft(node: Condition): DraftCondition {
  switch (node.type) {
    case "all":
    case "any":
      return { type: node.type, children: node.conditions.map(conditionToDraft) };
    case "not":
      return { type: "not", child: conditionToDraft(node.condition) };
    case "text":
      return { type: "text", fields: { field: node.field, match: node.match, value: node.value } };
    case "header":
      return { type: "header", fields: { name: node.name, match: node.match, value: node.value } };
    case "size": {
      const unit = largestUnit(node.bytes);
      return { type: "size", fields: { op: node.op, amount: String(node.bytes / SIZE_UNITS[unit]), unit } };
    }
    case "date":
      return { type: "date", fields: { op: node.op, value: node.value } };
    case "age":
      return { type: "age", fields: { op: node.op, days: String(node.days) } };
    case "has-attachment":
      return { type: "has-attachment", fields: { fileType: node.fileType ?? "" } };
    case "folder":
      return { type: "folder", fields: { folderId: node.folderId } };
    case "tag":
      return { type: "tag", fields: { tagId: node.tagId } };
    case "category":
    case "traffic-light":
    case "language":
      return { type: node.type, fields: { value: node.value } };
    case "ai-flag":
      return { type: "ai-flag", fields: { flag: node.flag, value: String(node.value) } };
    case "level":
      return { type: "level", fields: { field: node.field, op: node.op, value: String(node.value) } };
    case "vip-sender":
      return { type: "vip-sender", fields: {} };
  }
}

/** A saved rule, a template or a drafted rule as the editor shows it. */
export function draftFromRule(rule: { name: string; enabled?: boolean; mode?: RuleMode; accountIds?: string[] | null; folderIds?: string[] | null; definition: RuleDefinition }): RuleDraft {
  return {
    name: rule.name,
    enabled: rule.enabled ?? true,
    mode: rule.mode ?? "act",
    accountIds: rule.accountIds ?? [],
    folderIds: rule.folderIds ?? [],
    condition: conditionToDraft(rule.definition.condition),
    actions: rule.definition.actions.map((action) => {
      const choice = actionChoice(action.type);
      const record = action as unknown as Record<string, unknown>;
      return { type: (choice?.type ?? "flag") as ActionType, fields: Object.fromEntries((choice?.fields ?? []).map((field) => [field, record[field] === undefined ? "" : String(record[field])])) };
    }),
    words: [],
  };
}

/** A number as typed ("1,5" or "1.5"); text that is not one stays NaN, which the schema refuses by name. */
function typedNumber(text: string | undefined): number | undefined {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? undefined : Number(trimmed.replace(",", "."));
}

/** The tree the draft stands for, unchecked: the schema says what is wrong with it. */
function conditionInput(node: DraftCondition): unknown {
  if (node.type === "all" || node.type === "any") return { type: node.type, conditions: node.children.map(conditionInput) };
  if (node.type === "not") return { type: "not", condition: conditionInput(node.child) };
  const f = (node as { fields: Record<string, string> }).fields;
  switch (node.type) {
    case "text":
      return { type: "text", field: f.field, match: f.match, value: f.value };
    case "header":
      return { type: "header", name: (f.name ?? "").trim(), match: f.match, value: f.value };
    case "size": {
      const amount = typedNumber(f.amount);
      const unit = (Object.hasOwn(SIZE_UNITS, f.unit ?? "") ? f.unit : "B") as SizeUnit;
      return { type: "size", op: f.op, bytes: amount === undefined ? undefined : Math.round(amount * SIZE_UNITS[unit]) };
    }
    case "date":
      return { type: "date", op: f.op, value: f.value };
    case "age":
      return { type: "age", op: f.op, days: typedNumber(f.days) };
    case "has-attachment":
      return f.fileType?.trim() ? { type: "has-attachment", fileType: f.fileType.trim() } : { type: "has-attachment" };
    case "folder":
      return { type: "folder", folderId: f.folderId };
    case "tag":
      return { type: "tag", tagId: f.tagId };
    case "ai-flag":
      return { type: "ai-flag", flag: f.flag, value: f.value === "true" };
    case "level":
      return { type: "level", field: f.field, op: f.op, value: typedNumber(f.value) };
    case "language":
      return { type: "language", value: (f.value ?? "").trim().toLowerCase() };
    case "vip-sender":
      return { type: "vip-sender" };
    default:
      return { type: node.type, value: f.value };
  }
}

function actionInput(action: DraftAction): unknown {
  const entries: [string, unknown][] = [["type", action.type]];
  for (const [field, text] of Object.entries(action.fields) as [ActionField, string][]) {
    if (OPTIONAL_FIELDS.has(field) && text.trim() === "") continue;
    entries.push([field, NUMBER_FIELDS.has(field) ? typedNumber(text) : text]);
  }
  return Object.fromEntries(entries);
}

export function definitionInput(draft: RuleDraft): { condition: unknown; actions: unknown[] } {
  return { condition: conditionInput(draft.condition), actions: draft.actions.map(actionInput) };
}

/** Why a field is refused, as a catalogue code the page words (`ruleEditor.error.<code>`). */
export type FieldProblem = { code: "required" | "choose" | "number" | "range" | "date" | "format" | "regex" | "priority" | "tooBig" | "tooLong" | "invalid"; detail?: string };

export type CheckedDraft = { ok: true; input: RuleInput & { definition: RuleDefinition } } | { ok: false; problems: Map<string, FieldProblem> };

/** The form field a schema issue's path names: `condition.conditions.1.value` is `c.1.value`, `actions.0.folderId` is `a.0.folderId`. */
export function fieldOfIssuePath(path: (string | number)[]): string {
  let name = "";
  for (let index = 0; index < path.length; index++) {
    const key = path[index];
    if (index === 0 && key === "condition") name = "c";
    else if (index === 0 && key === "actions") name = "a";
    else if (key === "conditions") continue;
    else if (key === "condition") name += ".0";
    else if (key === "bytes") name += ".amount";
    else name += `.${key}`;
  }
  return name || "c";
}

function problemOf(issue: v.BaseIssue<unknown>, field: string): FieldProblem {
  switch (issue.type) {
    case "min_length":
      return { code: "required" };
    case "max_length":
      return { code: field === "a" ? "tooBig" : "tooLong" };
    case "uuid":
    case "picklist":
    case "variant":
    case "literal":
      return { code: field.endsWith("Id") ? "choose" : "invalid" };
    case "number":
    case "integer":
      return { code: "number" };
    case "min_value":
    case "max_value":
      return { code: "range" };
    case "iso_date":
      return { code: "date" };
    case "regex":
      return { code: "format" };
    case "custom":
      return { code: "tooBig" };
    case "check":
      return issue.message.startsWith("value: ") ? { code: "regex", detail: issue.message.slice("value: ".length) } : { code: "priority" };
    default:
      return { code: issue.input === undefined || issue.input === "" ? "required" : "invalid" };
  }
}

/**
 * The draft checked as the API checks a rule (./rule-schema.ts), each
 * problem at its form field. References to folders, tags and accounts are
 * checked against the user's own by the caller (./references.ts).
 */
export function checkDraft(draft: RuleDraft): CheckedDraft {
  const problems = new Map<string, FieldProblem>();
  if (draft.name === "") problems.set("name", { code: "required" });
  else if (draft.name.length > MAX_RULE_NAME_CHARS) problems.set("name", { code: "tooLong" });
  const parsed = v.safeParse(RuleDefinitionSchema, definitionInput(draft));
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const path = (issue.path ?? []).map((item) => item.key as string | number);
      let field = fieldOfIssuePath(path);
      const problem = problemOf(issue, field);
      if (problem.code === "regex") field = `${field}.value`;
      if (!problems.has(field)) problems.set(field, problem);
    }
  }
  if (problems.size > 0 || !parsed.success) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: draft.name,
      enabled: draft.enabled,
      mode: draft.mode,
      accountIds: draft.accountIds.length ? draft.accountIds : null,
      folderIds: draft.folderIds.length ? draft.folderIds : null,
      definition: parsed.output as RuleDefinition,
    },
  };
}

/** The picklists of the leaf fields, for the form and its tests. */
export const FIELD_CHOICES = {
  field: TEXT_FIELDS,
  match: MATCH_TYPES,
  op: COMPARISONS,
  unit: Object.keys(SIZE_UNITS) as SizeUnit[],
  category: CATEGORIES,
  flag: AI_FLAGS,
  levelField: LEVEL_FIELDS,
  level: LEVELS,
  light: TRAFFIC_LIGHTS,
} as const;
