/**
 * A rule drafted from a sentence by the user's LLM provider ("alles von
 * der Hausverwaltung mit Rechnung → Ordner Wohnung, markieren"), for the
 * editor to show as the rule tree: never saved here. The prompt holds
 * only the sentence and the names of the user's folders and tags, no
 * mail. The answer names folders and tags by name; they are resolved to
 * the user's own ids, names that fit none are reported (and left for the
 * user to choose), and the tree is checked by the rule schema like any
 * other (./rule-schema.ts).
 *
 * @example
 *   const drafted = await draftFromSentence(sql, dataKey, userId, "alles von der Hausverwaltung → Ordner Wohnung", choices, { outbound });
 *   // { ok: true, draft: { condition: from contains hausverwaltung, actions: [move to Wohnung's id] }, unknown: [] }
 */
import { parseModelJson } from "../analysis/llm/output.ts";
import * as v from "valibot";
import { takeLlmBudget } from "../analysis/llm/budget.ts";
import { providerFor } from "../analysis/llm/providers/index.ts";
import { loadLlmSettings } from "../analysis/llm/settings.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { OutboundPolicy } from "../net/outbound-policy.ts";
import { MAX_RULE_NAME_CHARS } from "./limits.ts";
import { foldCase } from "./match-text.ts";
import { draftFromRule, type RuleDraft } from "./rule-form.ts";
import { parseRuleDefinition } from "./rule-schema.ts";

/** A sentence describing one rule; longer is a letter, not a rule, and costs tokens. */
export const MAX_DRAFT_SENTENCE_CHARS = 500;

/** Stands for a folder or tag the answer named but the user does not have: valid for the schema, shown as an empty picker. */
const UNRESOLVED_ID = "00000000-0000-4000-8000-000000000000";

export interface DraftChoices {
  folders: { id: string; path: string }[];
  tags: { id: string; name: string }[];
}

export type DraftResult = { ok: true; draft: RuleDraft; unknown: string[] } | { ok: false; reason: "no_provider" | "budget_spent" | "provider_failed" | "bad_answer" };

const SYSTEM_PROMPT = `You turn one sentence, in which a user describes an e-mail filter rule, into that rule as JSON. Answer with one JSON object and nothing else:
{"name": short name of the rule, "condition": Condition, "actions": [Action, …]}
Condition is one of:
{"type":"text","field":"from"|"to"|"cc"|"reply-to"|"subject"|"body"|"list-id","match":"is"|"contains"|"starts-with"|"matches"|"regex","value":string}
{"type":"size","op":"gt"|"ge"|"lt"|"le"|"eq","bytes":integer}
{"type":"age","op":"gt"|"ge"|"lt"|"le"|"eq","days":integer}
{"type":"has-attachment"} or {"type":"has-attachment","fileType":"pdf"}
{"type":"folder","folder":folder name}  {"type":"tag","tag":tag name}
{"type":"category","value":"action_required"|"urgent"|"information"|"newsletter"|"notification"|"social"|"personal"}
{"type":"ai-flag","flag":"spam"|"newsletter"|"phishing","value":true|false}
{"type":"vip-sender"}
{"type":"all","conditions":[Condition, …]}  {"type":"any","conditions":[Condition, …]}  {"type":"not","condition":Condition}
Action is one of:
{"type":"move","folder":folder name} {"type":"add-tag","tag":tag name} {"type":"remove-tag","tag":tag name}
{"type":"archive"} {"type":"mark-read"} {"type":"mark-unread"} {"type":"flag"} {"type":"unflag"} {"type":"trash"} {"type":"stop"}
Use the user's folder and tag names as listed; a name the sentence gives that is not listed, write as the sentence gives it. "markieren" and "flag" mean {"type":"flag"}. Prefer "contains" for words the sentence names.`;

const ANSWER_SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, condition: { type: "object" }, actions: { type: "array", items: { type: "object" } } },
  required: ["name", "condition", "actions"],
};

const AnswerSchema = v.object({ name: v.optional(v.string(), ""), condition: v.record(v.string(), v.unknown()), actions: v.array(v.record(v.string(), v.unknown())) });

/** The prompt: the sentence and the names of the user's folders and tags, nothing else. */
export function draftPrompt(sentence: string, choices: DraftChoices): { system: string; user: string } {
  return {
    system: SYSTEM_PROMPT,
    user: `The sentence: ${JSON.stringify(sentence)}\nThe user's folders: ${JSON.stringify(choices.folders.map((folder) => folder.path))}\nThe user's tags: ${JSON.stringify(choices.tags.map((tag) => tag.name))}`,
  };
}

/** The answer's tree with folder and tag names replaced by the user's ids; names that fit none are collected. */
export function resolveNames(answer: { condition: unknown; actions: unknown[] }, choices: DraftChoices): { definition: unknown; unknown: string[] } {
  const unknown: string[] = [];
  const lastSegment = (path: string) => path.split(/[/.]/).pop() ?? path;
  const find = <T extends { id: string }>(items: T[], names: (item: T) => string[], wanted: unknown) => {
    const name = typeof wanted === "string" ? wanted.trim() : "";
    const id = items.find((item) => names(item).some((candidate) => foldCase(candidate) === foldCase(name)))?.id;
    if (id) return id;
    if (name && !unknown.includes(name)) unknown.push(name);
    return UNRESOLVED_ID;
  };
  const folderId = (name: unknown) => find(choices.folders, (folder) => [folder.path, lastSegment(folder.path)], name);
  const tagId = (name: unknown) => find(choices.tags, (tag) => [tag.name], name);
  const walk = (node: unknown): unknown => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
    const { folder, tag, ...rest } = node as Record<string, unknown>;
    if (rest.type === "folder") return { type: "folder", folderId: folderId(folder) };
    if (rest.type === "tag") return { type: "tag", tagId: tagId(tag) };
    if (Array.isArray(rest.conditions)) return { ...rest, conditions: rest.conditions.map(walk) };
    if (rest.condition !== undefined) return { ...rest, condition: walk(rest.condition) };
    return rest;
  };
  const action = (node: unknown): unknown => {
    if (typeof node !== "object" || node === null) return node;
    const { folder, tag, ...rest } = node as Record<string, unknown>;
    if (rest.type === "move") return { type: "move", folderId: folderId(folder) };
    if (rest.type === "add-tag" || rest.type === "remove-tag") return { type: rest.type, tagId: tagId(tag) };
    return rest;
  };
  return { definition: { condition: walk(answer.condition), actions: answer.actions.map(action) }, unknown };
}

/** Blanks the placeholder ids, so the editor asks for a choice there. */
function withoutPlaceholders(draft: RuleDraft): RuleDraft {
  const blank = (value: string | undefined) => (value === UNRESOLVED_ID ? "" : value);
  const walk = (node: RuleDraft["condition"]): RuleDraft["condition"] => {
    if (node.type === "all" || node.type === "any") return { ...node, children: node.children.map(walk) };
    if (node.type === "not") return { type: "not", child: walk(node.child) };
    const fields = (node as { fields: Record<string, string> }).fields;
    return { ...node, fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, blank(value) ?? ""])) } as RuleDraft["condition"];
  };
  return {
    ...draft,
    condition: walk(draft.condition),
    actions: draft.actions.map((action) => ({ ...action, fields: Object.fromEntries(Object.entries(action.fields).map(([name, value]) => [name, blank(value) ?? ""])) })),
  };
}

export async function draftFromSentence(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  sentence: string,
  choices: DraftChoices,
  call: { outbound: OutboundPolicy; signal?: AbortSignal },
): Promise<DraftResult> {
  const settings = await loadLlmSettings(sql, dataKey, userId);
  if (!settings?.enabled) return { ok: false, reason: "no_provider" };
  if (!(await takeLlmBudget(sql, userId))) return { ok: false, reason: "budget_spent" };
  const prompt = draftPrompt(sentence.slice(0, MAX_DRAFT_SENTENCE_CHARS), choices);
  const answer = await providerFor(settings.kind).chat(settings, { model: settings.model, ...prompt, schema: ANSWER_SCHEMA }, call);
  if (!answer.ok) return { ok: false, reason: "provider_failed" };
  const shaped = v.safeParse(AnswerSchema, parseModelJson(answer.text));
  if (!shaped.success) return { ok: false, reason: "bad_answer" };
  const { definition, unknown } = resolveNames(shaped.output, choices);
  const parsed = parseRuleDefinition(definition);
  if (!parsed.ok) return { ok: false, reason: "bad_answer" };
  const name = (shaped.output.name.trim() || sentence.trim()).slice(0, MAX_RULE_NAME_CHARS);
  return { ok: true, draft: withoutPlaceholders(draftFromRule({ name, definition: parsed.definition })), unknown };
}
