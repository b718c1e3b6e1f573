/**
 * The user's rules checked (./static-checks.ts), loaded scoped by the user:
 * another user's rules never take part. After a save, a delete or trash
 * rule's dry-run (./dry-run.ts) is counted too, so "would take 40 % of
 * your recent mail" is said while the rule is fresh; the list of all
 * warnings skips dry-runs (one per rule would make the page slow).
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { dryRunRule } from "./dry-run.ts";
import { checkRules, type RuleWarning, warningsAbout } from "./static-checks.ts";
import { listRules, type Rule } from "./store.ts";

/** Every warning about the user's rules, in their order. */
export async function ruleWarnings(sql: Sql, dataKey: SecretKey, userId: string): Promise<RuleWarning[]> {
  return checkRules(await listRules(sql, dataKey, userId));
}

const destroys = (rule: Rule) => rule.enabled && rule.mode === "act" && rule.definition.actions.some((action) => action.type === "delete" || action.type === "trash");

/** The warnings that name a rule just saved. */
export async function warningsAfterSave(sql: Sql, dataKey: SecretKey, userId: string, saved: Rule): Promise<RuleWarning[]> {
  const rules = await listRules(sql, dataKey, userId);
  const recent = destroys(saved) ? new Map([[saved.id, await dryRunRule(sql, dataKey, userId, saved)]]) : undefined;
  return warningsAbout(checkRules(rules, { recent }), saved.id);
}
