/**
 * On /rules: the notices of rules switched to suggest (each dismissible),
 * how well each rule does (its precision, src/rules/precision.ts), and the
 * form that undoes what the rules did in the last hour, day or week. The
 * notices also show on the start page. Plain forms that work without
 * JavaScript.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { RuleStanding } from "../../src/rules/precision.ts";
import { WINDOW_UNDO_HOURS } from "../../src/rules/window-undo.ts";
import { Notice } from "../components.tsx";

export interface NamedSwitchNotice {
  ruleId: string;
  name: string;
  judged: number;
  contradicted: number;
}

export interface RulePrecisionData {
  rules: { id: string; name: string; position: number; mode: string }[];
  standings: Map<string, RuleStanding>;
  notices: NamedSwitchNotice[];
  /** What a window undo just did (read from the redirect's query). */
  undone?: { undone: number; messages: number; pending: number };
}

export function RuleSwitchNotices({ lang, notices }: { lang: Lang; notices: NamedSwitchNotice[] }) {
  if (notices.length === 0) return null;
  const tr = translator(lang);
  return (
    <section class="warning rule-switch-notices" aria-label={tr("rulePrecision.title")}>
      <ul>
        {notices.map((notice) => (
          <li data-switched-rule-id={notice.ruleId}>
            {tr("rulePrecision.switched", { name: notice.name, contradicted: String(notice.contradicted), judged: String(notice.judged) })}{" "}
            <form method="post" action={`/rules/${notice.ruleId}/switch-notice/dismiss`}>
              <button type="submit">{tr("rulePrecision.dismiss")}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RulePrecision({ lang, data }: { lang: Lang; data?: RulePrecisionData }) {
  if (!data) return null;
  const tr = translator(lang);
  return (
    <>
      <RuleSwitchNotices lang={lang} notices={data.notices} />
      {data.undone && (
        <Notice>
          {tr("rulePrecision.undone", { undone: String(data.undone.undone), messages: String(data.undone.messages) })}
          {data.undone.pending > 0 && ` ${tr("rulePrecision.undonePending", { pending: String(data.undone.pending) })}`}
        </Notice>
      )}
      <form method="post" action="/rule-undos" class="rule-window-undo" hx-post="/rule-undos" hx-confirm={tr("rulePrecision.undoConfirm")}>
        <label for="rule-undo-hours">{tr("rulePrecision.undoBefore")}</label>{" "}
        <select id="rule-undo-hours" name="hours">
          {WINDOW_UNDO_HOURS.map((hours) => (
            <option value={String(hours)}>{tr(`rulePrecision.undoHours.${hours}`)}</option>
          ))}
        </select>{" "}
        {tr("rulePrecision.undoAfter")} <button type="submit">{tr("rulePrecision.undoSubmit")}</button>
      </form>
      {data.rules.length > 0 && (
        <section class="rule-precision" aria-labelledby="rule-precision-title">
          <h2 id="rule-precision-title">{tr("rulePrecision.title")}</h2>
          <p class="muted">{tr("rulePrecision.help")}</p>
          <ul>
            {data.rules.map((rule) => {
              const precision = data.standings.get(rule.id)?.precision;
              return (
                <li data-precision-rule-id={rule.id} data-precision={precision ? String(precision.value) : ""}>
                  {rule.position + 1}. {rule.name}:{" "}
                  {precision ? tr("rulePrecision.value", { percent: String(Math.round(precision.value * 100)), judged: String(precision.judged) }) : tr("rulePrecision.none")}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
