/** Shapes of the rules API (./rules.ts, ./rule-runs.ts). The rule tree itself is checked by its valibot schema (src/rules/rule-schema.ts), which names the failing field. */
import { z } from "@hono/zod-openapi";
import { DRY_RUN_DAYS, DRY_RUN_MAX_LISTED, DRY_RUN_MAX_MESSAGES, MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, MAX_RULE_ACTIONS, MAX_RULE_NAME_CHARS } from "../../../../rules/limits.ts";
import { RULE_MODES } from "../../../../rules/rule-schema.ts";
import { RULE_WARNING_CODES } from "../../../../rules/static-checks.ts";

export const RULE_API_TAGS = ["Rules"];

const definition = z.record(z.string(), z.unknown()).openapi({
  description:
    `The rule tree: \`{ condition, actions }\`. Conditions: \`text\` (field from/to/cc/reply-to/subject/body/list-id), \`header\` (name), each with match is/contains/starts-with/matches/regex and a value; ` +
    "`size` (bytes), `date` (YYYY-MM-DD), `age` (days) with op gt/ge/lt/le/eq; `has-attachment` (optional fileType); `folder`, `tag`; `category`, `ai-flag` (spam/newsletter/phishing), `level` (urgency/importance), `traffic-light`, `language`; `vip-sender`; " +
    `\`all\`/\`any\` (conditions) and \`not\` (condition), at most ${MAX_CONDITION_DEPTH} levels and ${MAX_CONDITION_NODES} conditions. Regexes use RE2 syntax (no backreferences or lookaround). ` +
    `Actions (1–${MAX_RULE_ACTIONS}): move (folderId), copy (folderId: a copy there, the message stays), archive, mark-read, mark-unread, flag, unflag, add-tag / remove-tag (tagId), set-priority (urgency, importance), snooze (hours), trash, delete, stop.`,
  example: { condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" }, actions: [{ type: "flag" }, { type: "stop" }] },
});

const ids = z.array(z.string().uuid()).max(200).nullable();
const scope = {
  accountIds: ids.optional().openapi({ description: "Accounts the rule watches; null or absent: all" }),
  folderIds: ids.optional().openapi({ description: "Folders the rule watches; null or absent: all" }),
};

export const RuleSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    mode: z.enum(RULE_MODES).openapi({ description: "act: do it; suggest: record it for one click; shadow: record only" }),
    accountIds: z.array(z.string().uuid()).nullable(),
    folderIds: z.array(z.string().uuid()).nullable(),
    definition,
    createdAt: z.string(),
    updatedAt: z.string(),
    precision: z
      .object({ value: z.number().min(0).max(1), judged: z.number().int() })
      .nullable()
      .openapi({
        description:
          "Of the rule's last 100 judged matches, the share that stood (undone, moved back, corrected or dismissed ones did not; one that stood 3 days, or an applied suggestion, did). Null below 10 judged. An act rule below 0.8 is switched to suggest.",
      }),
    switchNotice: z.object({ judged: z.number().int(), contradicted: z.number().int(), at: z.string() }).nullable().openapi({
      description: "Set when the rule was switched to suggest for its precision: of how many judged actions how many were contradicted. Dismiss with DELETE /api/v1/rules/{ruleId}/switch-notice",
    }),
  })
  .openapi("Rule");

export const RuleWarningSchema = z
  .object({
    code: z.enum(RULE_WARNING_CODES).openapi({
      description:
        "never_matches: the condition cannot hold; shadowed: an earlier rule with stop catches all its mail (otherRuleId); contradicts: it and otherRuleId ask opposite things of the same mail (vars.kind: disposition, flag, read, tag); " +
        "loop: it and otherRuleId undo each other every run (vars.kind: tag, folder); destructive_wide: it deletes or trashes (vars.action) on an always-true or very broad condition or much of your recent mail (vars.reason: always, broad, recent; recent adds vars.matched and vars.examined)",
    }),
    ruleId: z.string().uuid(),
    otherRuleId: z.string().uuid().optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .openapi("RuleWarning");

export const SavedRuleSchema = RuleSchema.extend({
  warnings: z.array(RuleWarningSchema).openapi({ description: "What the static checks find about this rule among your others; saved anyway" }),
}).openapi("SavedRule");

const name = z.string().min(1).max(MAX_RULE_NAME_CHARS);
export const CreateRuleSchema = z.object({ name, enabled: z.boolean().optional(), mode: z.enum(RULE_MODES).optional(), ...scope, definition }).openapi("CreateRule");
export const UpdateRuleSchema = z
  .object({ name: name.optional(), enabled: z.boolean().optional(), mode: z.enum(RULE_MODES).optional(), ...scope, definition: definition.optional() })
  .openapi("UpdateRule");
export const ReorderRulesSchema = z.object({ ruleIds: z.array(z.string().uuid()).max(1000).openapi({ description: "Every one of your rules, once, in the new order" }) }).openapi("ReorderRules");
export const DryRunRequestSchema = z.object({ ...scope, definition }).openapi("DryRunRequest");

const why = z.array(z.object({ path: z.string(), type: z.string(), field: z.string().optional(), match: z.string().optional(), op: z.string().optional() })).openapi({
  description: 'The conditions that held: their place in the tree ("0.1" is the second condition of the top group) and what they test',
});

export const DryRunSchema = z
  .object({
    examined: z
      .number()
      .int()
      .openapi({ description: `Messages looked at: the last ${DRY_RUN_DAYS} days, at most ${DRY_RUN_MAX_MESSAGES}` }),
    matched: z.number().int(),
    days: z.number().int(),
    messages: z
      .array(z.object({ messageId: z.string().uuid(), subject: z.string(), from: z.string(), date: z.string(), why, actions: z.array(z.record(z.string(), z.unknown())) }))
      .openapi({ description: `The first ${DRY_RUN_MAX_LISTED} matches, newest first` }),
  })
  .openapi("RuleDryRun");

export const StartRunSchema = z
  .object({
    folderId: z.string().uuid().optional().openapi({ description: "One of your folders; absent: all your mail" }),
    ruleId: z.string().uuid().optional().openapi({ description: "One of your rules (run even when it is off); absent: every enabled rule" }),
  })
  .openapi("StartRuleRun");

export const RuleMatchSchema = z
  .object({
    id: z.string().uuid(),
    ruleId: z.string().uuid().nullable().openapi({ description: "Null once the rule was deleted" }),
    messageId: z.string().uuid(),
    mode: z.enum(RULE_MODES),
    why,
    actions: z.array(z.record(z.string(), z.unknown())),
    journalIds: z.array(z.string().uuid()).openapi({ description: "Server changes made; undoing the first (POST /api/v1/actions/{id}/undo) undoes the message's batch" }),
    appliedAt: z.string().nullable().openapi({ description: "A suggestion: when you applied it" }),
    createdAt: z.string(),
  })
  .openapi("RuleMatch");

export const RuleRunSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(["pipeline", "manual", "dry_run"]),
    scope: z.object({ folderId: z.string().uuid().optional(), ruleId: z.string().uuid().optional() }),
    state: z.enum(["queued", "running", "cancelling", "cancelled", "done", "failed"]),
    total: z.number().int(),
    done: z.number().int(),
    matched: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("RuleRun");

export const idParam = (paramName: string) => z.string().openapi({ param: { name: paramName, in: "path" } });
