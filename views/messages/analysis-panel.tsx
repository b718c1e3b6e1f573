/** The AI panel: matrix cell, score, traffic light, category, summary, reasons with confidence, provider; and the correction form. */
import { CATEGORIES, type Judgement, type ProviderKind, type Reason } from "../../src/analysis/types.ts";
import { de } from "../../src/i18n/de.ts";
import { en } from "../../src/i18n/en.ts";
import { t, translator, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import type { StoredAnalysis } from "../../src/inbox/message-details.ts";
import { MatrixTable } from "../matrix-table.tsx";

/**
 * A reason in the reader's words: the catalog's `reason.<code>` when it has
 * one (the local analyser's codes), else the analyser's own text (an LLM's),
 * else the bare code. Looked up at run time: the codes are data, not keys
 * this file knows.
 */
export function reasonText(lang: Lang, reason: Reason): string {
  const key = `reason.${reason.code}`;
  const catalog: Record<string, string> = lang === "de" ? de : en;
  if (Object.hasOwn(catalog, key)) return t(lang, key as MessageKey, reason.vars ?? {});
  return reason.vars?.text ?? reason.code;
}

const percent = (lang: Lang, value: number) => new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(value);

function Matrix({ lang, urgency, importance }: { lang: Lang; urgency: number; importance: number }) {
  const tr = translator(lang);
  return (
    <MatrixTable
      class="mh-matrix"
      caption={tr("message.ai.matrix")}
      corner={
        <th scope="col">
          <span class="mh-vh">{tr("message.ai.urgency")}</span>
        </th>
      }
      columnLabel={(column) => tr("message.ai.importanceLevel", { level: String(column) })}
      rowLabel={(row) => tr("message.ai.urgencyLevel", { level: String(row) })}
      cell={(row, column) => {
        const current = row === urgency && column === importance;
        return (
          <td class={current ? "current" : undefined} aria-current={current ? "true" : undefined}>
            {current ? tr("message.ai.thisMessage") : ""}
          </td>
        );
      }}
    />
  );
}

function ReasonRow({ lang, label, value, judgement }: { lang: Lang; label: string; value: string; judgement?: Judgement<unknown> }) {
  const tr = translator(lang);
  return (
    <li>
      <strong>{label}:</strong> {value}
      {judgement && (
        <>
          {" "}
          <span class="hint">({tr("message.ai.confidence", { value: percent(lang, judgement.confidence) })})</span>
          <br />
          <span class="reason">{reasonText(lang, judgement.reason)}</span>
        </>
      )}
    </li>
  );
}

const yesNo = (lang: Lang, value: boolean) => t(lang, value ? "message.yes" : "message.no");

function CorrectionForm({ lang, messageId, analysis }: { lang: Lang; messageId: string; analysis: StoredAnalysis }) {
  const tr = translator(lang);
  const levels = (name: "urgency" | "importance", current: number) => (
    <div class="field">
      <label for={`correct-${name}`}>{tr(`message.ai.${name}`)}</label>
      <select id={`correct-${name}`} name={name}>
        {[1, 2, 3].map((level) => (
          <option value={String(level)} selected={level === current}>
            {tr(`message.level.${level as 1 | 2 | 3}`)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <details class="mh-correct">
      <summary>{tr("message.ai.correct")}</summary>
      <form method="post" action={`/messages/${messageId}/correction`}>
        {levels("urgency", analysis.urgency)}
        {levels("importance", analysis.importance)}
        <div class="field">
          <label for="correct-category">{tr("message.ai.category")}</label>
          <select id="correct-category" name="category">
            {CATEGORIES.map((category) => (
              <option value={category} selected={category === analysis.category}>
                {tr(`message.category.${category}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="spam" value="on" checked={analysis.spam} /> {tr("message.ai.spam")}
          </label>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="newsletter" value="on" checked={analysis.newsletter} /> {tr("message.ai.newsletter")}
          </label>
        </div>
        <button type="submit">{tr("message.ai.saveCorrection")}</button>
      </form>
    </details>
  );
}

/** Why an LLM's answer was not used, in words (the code itself when there is no text for it). */
function fallbackText(lang: Lang, reason: string): string {
  const key = `message.ai.fallbackReason.${reason}`;
  return key in en ? t(lang, key as MessageKey) : reason;
}

export function AnalysisPanel({ lang, messageId, analysis }: { lang: Lang; messageId: string; analysis: StoredAnalysis | undefined }) {
  const tr = translator(lang);
  if (!analysis) {
    return (
      <section class="card mh-ai" aria-labelledby="ai-title">
        <h2 id="ai-title">{tr("message.ai.title")}</h2>
        <p class="empty">{tr("message.ai.none")}</p>
      </section>
    );
  }
  const detail = analysis.detail;
  // Until the user says it is not spam.
  const phishing = detail?.phishing?.value === true && analysis.spam;
  const category = CATEGORIES.find((entry) => entry === analysis.category);
  return (
    <section class="card mh-ai" aria-labelledby="ai-title" data-traffic-light={phishing ? "phishing" : analysis.trafficLight}>
      <h2 id="ai-title">{tr("message.ai.title")}</h2>
      <div class="mh-ai-top">
        <Matrix lang={lang} urgency={analysis.urgency} importance={analysis.importance} />
        <dl class="facts">
          <dt>{tr("message.ai.score")}</dt>
          <dd class="mh-score">{tr("message.ai.scoreValue", { score: String(analysis.score) })}</dd>
          <dt>{tr("message.ai.trafficLight")}</dt>
          {/* Suspected phishing shows a warning instead of a colour: no colour is right for it. */}
          {phishing ? (
            <dd class="mh-phishing" role="alert">
              ⚠ {tr("message.ai.phishingWarning")}
            </dd>
          ) : (
            <dd>
              <span class={`mh-light mh-light-${analysis.trafficLight}`} aria-hidden="true"></span> {tr(`message.light.${analysis.trafficLight}`)}
            </dd>
          )}
          <dt>{tr("message.ai.category")}</dt>
          <dd class="mh-category">{category ? tr(`message.category.${category}`) : analysis.category}</dd>
          <dt>{tr("message.ai.provider")}</dt>
          <dd class="mh-provider">
            {tr(`message.ai.providerName.${analysis.provider as ProviderKind}`)}
            {analysis.model ? ` · ${analysis.model}` : ""}
            {analysis.fallbackReason && <span class="hint"> ({tr("message.ai.fallback", { reason: fallbackText(lang, analysis.fallbackReason) })})</span>}
          </dd>
          {analysis.correctedFields.length > 0 && (
            <>
              <dt>{tr("message.ai.corrected")}</dt>
              <dd>{analysis.correctedFields.map((field) => tr(`message.ai.${field as "urgency" | "importance" | "category" | "spam" | "newsletter"}`)).join(", ")}</dd>
            </>
          )}
        </dl>
      </div>
      {detail?.summary ? <p class="mh-summary">{detail.summary}</p> : null}
      <h3>{tr("message.ai.reasons")}</h3>
      <ul class="mh-reasons">
        <ReasonRow lang={lang} label={tr("message.ai.urgency")} value={tr(`message.level.${analysis.urgency as 1 | 2 | 3}`)} judgement={detail?.urgency} />
        <ReasonRow lang={lang} label={tr("message.ai.importance")} value={tr(`message.level.${analysis.importance as 1 | 2 | 3}`)} judgement={detail?.importance} />
        <ReasonRow lang={lang} label={tr("message.ai.category")} value={category ? tr(`message.category.${category}`) : analysis.category} judgement={detail?.category} />
        <ReasonRow lang={lang} label={tr("message.ai.spam")} value={yesNo(lang, analysis.spam)} judgement={detail?.spam} />
        {phishing && <ReasonRow lang={lang} label={tr("message.ai.phishing")} value={yesNo(lang, true)} judgement={detail?.phishing} />}
        <ReasonRow lang={lang} label={tr("message.ai.newsletter")} value={yesNo(lang, analysis.newsletter)} judgement={detail?.newsletter} />
      </ul>
      <CorrectionForm lang={lang} messageId={messageId} analysis={analysis} />
      <form method="post" action={`/messages/${messageId}/reanalyse`} class="mh-reanalyse">
        <button type="submit" name="secondOpinion" value="0">
          {tr("message.ai.reanalyse")}
        </button>
        {analysis.secondOpinion && (
          <button type="submit" name="secondOpinion" value="1">
            {tr("message.ai.secondOpinion")}
          </button>
        )}
      </form>
    </section>
  );
}
