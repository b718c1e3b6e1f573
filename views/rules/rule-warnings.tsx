/**
 * The static checks' warnings (src/rules/static-checks.ts) in words, above
 * the rules list. The codes carry ids and numbers only; the names come from
 * the rules here, so a warning reads "rule 3 “Bank”", never an id.
 */
import { type MessageKey, translator, type Lang } from "../../src/i18n/messages.ts";
import type { RuleWarning } from "../../src/rules/static-checks.ts";
import type { Rule } from "../../src/rules/store.ts";

/** The catalogue key of a warning: the code, then the variant its vars name. */
function warningKey(warning: RuleWarning): MessageKey {
  if (warning.code === "contradicts" || warning.code === "loop") return `ruleChecks.${warning.code}.${warning.vars.kind}` as MessageKey;
  if (warning.code === "destructive_wide") return `ruleChecks.destructive_wide.${warning.vars.action}.${warning.vars.reason}` as MessageKey;
  return `ruleChecks.${warning.code}`;
}

export function ruleWarningText(lang: Lang, warning: RuleWarning, rules: Rule[]): string {
  const tr = translator(lang);
  const named = (ruleId: string | undefined) => {
    const rule = rules.find((entry) => entry.id === ruleId);
    return rule ? tr("ruleChecks.rule", { position: String(rule.position + 1), name: rule.name }) : "";
  };
  const numbers = Object.fromEntries(Object.entries(warning.vars).map(([name, value]) => [name, String(value)]));
  return tr(warningKey(warning), { ...numbers, rule: named(warning.ruleId), other: named(warning.otherRuleId) });
}

export function RuleWarnings({ lang, warnings, rules }: { lang: Lang; warnings: RuleWarning[]; rules: Rule[] }) {
  if (warnings.length === 0) return null;
  const tr = translator(lang);
  return (
    <section class="warning rule-warnings" aria-labelledby="rule-warnings-title">
      <h2 id="rule-warnings-title">{tr("ruleChecks.title")}</h2>
      <ul>
        {warnings.map((warning) => (
          <li data-warning-code={warning.code} data-rule-id={warning.ruleId}>
            {ruleWarningText(lang, warning, rules)}
          </li>
        ))}
      </ul>
    </section>
  );
}
