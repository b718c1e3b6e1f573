/**
 * The editor's live preview: the dry-run of the rule as it stands in the
 * form ("would touch 37 messages in the last 30 days", with the messages,
 * each linking to it) and what the static checks would say about it among
 * the user's other rules, worded as on /rules (./rule-warnings.tsx).
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { DryRunResult } from "../../src/rules/dry-run.ts";
import type { RuleWarning } from "../../src/rules/static-checks.ts";
import type { Rule } from "../../src/rules/store.ts";
import { formatCount, formatDateTime } from "../format.ts";
import { RuleWarnings } from "./rule-warnings.tsx";

export interface PreviewProps {
  lang: Lang;
  timeZone: string;
  /** Null while the form does not yet hold a valid rule. */
  result: DryRunResult | null;
  warnings: RuleWarning[];
  /** The user's rules with the edited one in its place, to name them in the warnings. */
  rules: Rule[];
}

export function RulePreview({ lang, timeZone, result, warnings, rules }: PreviewProps) {
  const tr = translator(lang);
  return (
    <>
      <h2 id="rule-preview-title">{tr("ruleEditor.preview.title")}</h2>
      {result === null ? (
        <p class="hint">{tr("ruleEditor.preview.incomplete")}</p>
      ) : (
        <>
          <p class="rule-preview-count" data-matched={result.matched}>
            <strong>
              {result.matched === 1
                ? tr("ruleEditor.preview.countOne", { days: String(result.days) })
                : tr("ruleEditor.preview.count", { count: formatCount(result.matched, lang), days: String(result.days) })}
            </strong>{" "}
            <small>{tr("ruleEditor.preview.examined", { examined: formatCount(result.examined, lang) })}</small>
          </p>
          {result.messages.length > 0 && (
            <ul class="rule-preview-list">
              {result.messages.map((message) => (
                <li>
                  <a href={`/messages/${message.messageId}`}>{message.subject || tr("ruleEditor.preview.noSubject")}</a>
                  <small>
                    {message.from} · {formatDateTime(message.date, lang, timeZone)}
                  </small>
                </li>
              ))}
            </ul>
          )}
          {result.matched > result.messages.length && <p class="hint">{tr("ruleEditor.preview.more", { count: formatCount(result.matched - result.messages.length, lang) })}</p>}
        </>
      )}
      <RuleWarnings lang={lang} warnings={warnings} rules={rules} />
    </>
  );
}
