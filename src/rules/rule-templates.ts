/**
 * Templates for common rules, opened in the editor prefilled (nothing is
 * saved until the user saves): newsletters to a folder, invoices tagged,
 * VIP senders flagged, old notifications archived, spam to the junk
 * folder. A folder or tag is chosen for the user when one fits by its role
 * or name ("Newsletter", "Rechnung"); otherwise the picker is left empty
 * for the user to choose.
 *
 * @example
 *   templateRule("spam", "de", { folders, tags })
 *   // { name: "Spam in den Spam-Ordner", definition: { condition: { type: "ai-flag", flag: "spam", value: true }, actions: [{ type: "move", folderId: junk.id }, { type: "stop" }] } }
 */
import { t, type Lang } from "../i18n/messages.ts";
import { foldCase } from "./match-text.ts";
import type { RuleDraft } from "./rule-form.ts";
import { draftFromRule } from "./rule-form.ts";
import type { Condition, RuleAction } from "./rule-schema.ts";

export const RULE_TEMPLATES = ["newsletters", "invoices", "vip", "notifications", "spam"] as const;
export type RuleTemplate = (typeof RULE_TEMPLATES)[number];

export const isRuleTemplate = (value: unknown): value is RuleTemplate => (RULE_TEMPLATES as readonly string[]).includes(value as string);

export interface TemplateChoices {
  folders: { id: string; path: string; specialUse: string | null }[];
  tags: { id: string; name: string }[];
}

/** Old notifications: older than this many days. */
const OLD_NOTIFICATION_DAYS = 14;

/** The first of `items` whose name contains one of the words (letter case, umlauts and ß ignored), else "". */
function byName<T extends { id: string }>(items: T[], name: (item: T) => string, words: string[]): string {
  const wanted = words.map(foldCase);
  return items.find((item) => wanted.some((word) => foldCase(name(item)).includes(word)))?.id ?? "";
}

export function templateDraft(template: RuleTemplate, lang: Lang, { folders, tags }: TemplateChoices): RuleDraft {
  const folderNamed = (...words: string[]) => byName(folders, (folder) => folder.path, words);
  const tagNamed = (...words: string[]) => byName(tags, (tag) => tag.name, words);
  const junk = folders.find((folder) => folder.specialUse === "junk")?.id ?? folderNamed("junk", "spam");
  // Ids may be "" (nothing fits): the editor shows an empty picker, and saving asks for a choice.
  const rules: Record<RuleTemplate, { condition: Condition; actions: RuleAction[] }> = {
    newsletters: {
      condition: { type: "ai-flag", flag: "newsletter", value: true },
      actions: [{ type: "move", folderId: folderNamed("newsletter") }, { type: "stop" }],
    },
    invoices: {
      condition: {
        type: "any",
        conditions: [
          { type: "text", field: "subject", match: "contains", value: "Rechnung" },
          { type: "text", field: "subject", match: "contains", value: "Invoice" },
        ],
      },
      actions: [{ type: "add-tag", tagId: tagNamed("rechnung", "invoice") }],
    },
    vip: { condition: { type: "vip-sender" }, actions: [{ type: "flag" }] },
    notifications: {
      condition: {
        type: "all",
        conditions: [
          { type: "category", value: "notification" },
          { type: "age", op: "gt", days: OLD_NOTIFICATION_DAYS },
        ],
      },
      actions: [{ type: "archive" }],
    },
    spam: { condition: { type: "ai-flag", flag: "spam", value: true }, actions: [{ type: "move", folderId: junk }, { type: "stop" }] },
  };
  return draftFromRule({ name: t(lang, `ruleEditor.template.${template}`), definition: rules[template] });
}
