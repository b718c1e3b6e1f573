/**
 * A KI-Mail-Helper auto-rule (../shared/notes/ki-mail-helper.md §6) as one
 * of ours. Its conditions are one flat JSON object (`match_mode` plus one
 * key per condition type), its actions another. What our rules cannot say
 * is listed, never guessed:
 *
 * - a condition that does not map, in `all` mode, would widen the rule if
 *   dropped: the rule comes over disabled, for the user to finish. In `any`
 *   mode dropping it narrows the rule, so it stays as it was.
 * - `ai_suggested_tag` never matched there (its module is missing), and in
 *   `all` mode the `ai_confidence_threshold` key made the whole rule unable
 *   to match: such a rule comes over disabled, as it behaved.
 * - its `delete` only hid the mail inside KI-Mail-Helper; ours would delete
 *   on the server, so it is left out.
 * - a rule with no action left is not imported.
 *
 * @example
 *   translateKimhRule({ match_mode: "all", sender_domain: "shop.de" }, { move_to_folder: "Archiv", mark_as_read: true }, lookup)
 *   // { definition: { condition: { type: "all", conditions: [{ type: "text", field: "from", match: "matches", value: "*@shop.de" }] },
 *   //                 actions: [{ type: "move", folderId }, { type: "mark-read" }] }, enabled: true, accountIds: [accountId], notes: [] }
 */
import { regexProblem } from "../rules/match-text.ts";
import { parseRuleDefinition, type Condition, type RuleAction, type RuleDefinition } from "../rules/rule-schema.ts";

export interface RuleLookup {
  /** Our tag of that name, made when `create` (apply_tag); undefined when there is none. */
  tagId(name: string, create: boolean): Promise<string | undefined>;
  /** Our folders of that path, one per account that has it. */
  folders(path: string): { accountId: string; folderId: string }[];
}

export interface TranslatedRule {
  definition: RuleDefinition | null;
  enabled: boolean;
  accountIds: string[] | null;
  notes: string[];
}

const asObject = (value: unknown): Record<string, unknown> => {
  if (typeof value === "string") {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

const text = (value: unknown) => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
const wildcardEscaped = (value: string) => value.replace(/[*?\\]/g, "\\$&");

type Mapped = { condition: Condition } | { unmapped: string };

async function condition(key: string, value: unknown, lookup: RuleLookup): Promise<Mapped | null> {
  const v = text(value);
  const needsValue = (build: () => Condition): Mapped => (v ? { condition: build() } : { unmapped: `${key}: empty value` });
  const regex = (field: "subject" | "body"): Mapped => {
    if (!v) return { unmapped: `${key}: empty value` };
    // Python's re with IGNORECASE there; ours are RE2 and ignore case anyway. Lookaround and backreferences do not exist in RE2.
    const problem = regexProblem(v);
    return problem ? { unmapped: `${key} "${v}": not a pattern our rules can run (${problem})` } : { condition: { type: "text", field, match: "regex", value: v } };
  };
  switch (key) {
    case "match_mode":
    case "ai_confidence_threshold":
      return null;
    case "sender_equals":
      return needsValue(() => ({ type: "text", field: "from", match: "is", value: v }));
    case "sender_contains":
      return needsValue(() => ({ type: "text", field: "from", match: "contains", value: v }));
    case "sender_not_contains":
      return needsValue(() => ({ type: "not", condition: { type: "text", field: "from", match: "contains", value: v } }));
    case "sender_domain":
      return needsValue(() => ({ type: "text", field: "from", match: "matches", value: `*@${wildcardEscaped(v.replace(/^@/, ""))}` }));
    case "subject_equals":
      return needsValue(() => ({ type: "text", field: "subject", match: "is", value: v }));
    case "subject_contains":
      return needsValue(() => ({ type: "text", field: "subject", match: "contains", value: v }));
    case "subject_not_contains":
      return needsValue(() => ({ type: "not", condition: { type: "text", field: "subject", match: "contains", value: v } }));
    case "subject_regex":
      return regex("subject");
    case "body_contains":
      return needsValue(() => ({ type: "text", field: "body", match: "contains", value: v }));
    case "body_not_contains":
      return needsValue(() => ({ type: "not", condition: { type: "text", field: "body", match: "contains", value: v } }));
    case "body_regex":
      return regex("body");
    case "has_attachment":
      return value === false || value === "false" || value === 0 ? { condition: { type: "not", condition: { type: "has-attachment" } } } : { condition: { type: "has-attachment" } };
    case "folder_equals": {
      const folders = lookup.folders(v);
      if (folders.length === 0) return { unmapped: `folder_equals "${v}": no migrated folder has this path` };
      const tests: Condition[] = folders.map((folder) => ({ type: "folder", folderId: folder.folderId }));
      return { condition: tests.length === 1 ? tests[0]! : { type: "any", conditions: tests } };
    }
    case "has_tag":
    case "not_has_tag": {
      const tagId = v ? await lookup.tagId(v, false) : undefined;
      if (!tagId) return { unmapped: `${key} "${v}": no such tag` };
      const test: Condition = { type: "tag", tagId };
      return { condition: key === "has_tag" ? test : { type: "not", condition: test } };
    }
    case "ai_suggested_tag":
      return { unmapped: `ai_suggested_tag "${v}": never matched in KI-Mail-Helper (its module is missing); ours suggest tags in the analysis instead` };
    default:
      return { unmapped: `${key}: unknown condition` };
  }
}

async function action(key: string, value: unknown, lookup: RuleLookup, notes: string[], accountIds: Set<string>): Promise<RuleAction[]> {
  const v = text(value);
  const on = value === true || value === 1 || value === "true" || (typeof value === "string" && value !== "" && value !== "false");
  switch (key) {
    case "move_to_folder": {
      const folders = lookup.folders(v);
      if (folders.length !== 1) {
        notes.push(`move_to_folder "${v}": ${folders.length === 0 ? "no migrated folder has this path" : "several accounts have this folder; make one rule per account"}`);
        return [];
      }
      accountIds.add(folders[0]!.accountId);
      return [{ type: "move", folderId: folders[0]!.folderId }];
    }
    case "mark_as_read":
      return on ? [{ type: "mark-read" }] : [];
    case "mark_as_flagged":
      return on ? [{ type: "flag" }] : [];
    case "apply_tag": {
      const tagId = v ? await lookup.tagId(v, true) : undefined;
      if (!tagId) {
        notes.push(`apply_tag "${v}": not a tag name`);
        return [];
      }
      return [{ type: "add-tag", tagId }];
    }
    case "tag_color":
      return [];
    case "set_priority":
      if (v === "low") return [{ type: "set-priority", urgency: 1, importance: 1 }];
      if (v === "high") return [{ type: "set-priority", urgency: 3, importance: 3 }];
      notes.push(`set_priority "${v}": only low and high exist there`);
      return [];
    case "delete":
      if (on) notes.push("delete: KI-Mail-Helper only hid the mail locally; here it would be deleted on the server, so it was left out (add Trash yourself if you want it)");
      return [];
    case "stop_processing":
      return on ? [{ type: "stop" }] : [];
    default:
      notes.push(`${key}: unknown action`);
      return [];
  }
}

export async function translateKimhRule(conditionsJson: unknown, actionsJson: unknown, lookup: RuleLookup): Promise<TranslatedRule> {
  const conditions = asObject(conditionsJson);
  const notes: string[] = [];
  const mode = conditions.match_mode === "any" ? "any" : "all";
  const mapped: Condition[] = [];
  let widened = false;
  for (const [key, value] of Object.entries(conditions)) {
    const result = await condition(key, value, lookup);
    if (!result) continue;
    if ("condition" in result) mapped.push(result.condition);
    else {
      notes.push(result.unmapped);
      if (mode === "all") widened = true;
    }
  }
  const disabledBecause =
    mode === "all" && "ai_confidence_threshold" in conditions
      ? "ai_confidence_threshold: in all mode KI-Mail-Helper counted it as a condition, so this rule never matched there; imported disabled"
      : widened
        ? "a condition did not map; without it the rule would match more mail, so it was imported disabled"
        : null;
  const accountIds = new Set<string>();
  const actions: RuleAction[] = [];
  for (const [key, value] of Object.entries(asObject(actionsJson))) actions.push(...(await action(key, value, lookup, notes, accountIds)));
  if (actions.length === 0 || actions.every((entry) => entry.type === "stop")) {
    notes.push("no action left that maps: not imported");
    return { definition: null, enabled: false, accountIds: null, notes };
  }
  if (mapped.length === 0) {
    notes.push("no condition left that maps: not imported (it would match every message)");
    return { definition: null, enabled: false, accountIds: null, notes };
  }
  const parsed = parseRuleDefinition({ condition: { type: mode, conditions: mapped }, actions });
  if (!parsed.ok) {
    notes.push(`our rule check refused it: ${parsed.message}`);
    return { definition: null, enabled: false, accountIds: null, notes };
  }
  if (disabledBecause) notes.push(disabledBecause);
  return { definition: parsed.definition, enabled: !disabledBecause, accountIds: accountIds.size ? [...accountIds] : null, notes };
}
