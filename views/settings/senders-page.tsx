/** What the analyser learned about the user's senders (src/analysis/sender-patterns.ts), most corrected and most frequent first. */
import { HINT_OVERRIDES, type SenderHint } from "../../src/analysis/local/index.ts";
import { SENDER_PATTERN_MAX_IDLE_DAYS, type SenderPatternStats } from "../../src/analysis/sender-patterns.ts";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { DataTable } from "../data-table.tsx";
import type { VipSender } from "../../src/senders/vip.ts";
import { coveredByVip } from "../../src/senders/vip-value.ts";

function Learned({ lang, hint }: { lang: Lang; hint: SenderHint }) {
  const tr = translator(lang);
  const entries = [
    hint.category && { label: tr("message.ai.category"), value: tr(`message.category.${hint.category.value}`), confidence: hint.category.confidence },
    hint.urgency && { label: tr("message.ai.urgency"), value: tr(`message.level.${hint.urgency.value}`), confidence: hint.urgency.confidence },
    hint.importance && { label: tr("message.ai.importance"), value: tr(`message.level.${hint.importance.value}`), confidence: hint.importance.confidence },
    hint.newsletter && { label: tr("message.ai.newsletter"), value: tr(hint.newsletter.value ? "senders.yes" : "senders.no"), confidence: hint.newsletter.confidence },
    hint.spam && { label: tr("message.ai.spam"), value: tr(hint.spam.value ? "senders.yes" : "senders.no"), confidence: hint.spam.confidence },
  ].filter((entry) => Boolean(entry)) as { label: string; value: string; confidence: number }[];
  return (
    <ul class="learned">
      {entries.map((entry) => (
        <li class={entry.confidence >= HINT_OVERRIDES ? "decides" : undefined}>
          {entry.label}: {entry.value} <span class="hint">({tr("senders.confidence", { value: `${Math.round(entry.confidence * 100)} %` })})</span>
        </li>
      ))}
    </ul>
  );
}

function SendersTable({ lang, timeZone, patterns, vipSenders }: { lang: Lang; timeZone: string; patterns: SenderPatternStats[]; vipSenders: VipSender[] }) {
  const tr = translator(lang);
  return (
    <DataTable
      class="senders"
      columns={[tr("senders.sender"), tr("senders.messages"), tr("senders.corrections"), tr("senders.learned"), tr("senders.lastUsed")]}
      rows={patterns}
      row={(pattern) => (
        <tr>
          <td>
            {pattern.sender} {coveredByVip(vipSenders, pattern.sender) && <span class="mh-badge vip-badge">{tr("vip.badge")}</span>}
          </td>
          <td>{pattern.messages}</td>
          <td>{pattern.corrections}</td>
          <td>
            <Learned lang={lang} hint={pattern.hint} />
          </td>
          <td>{formatDateTime(pattern.lastUsedAt, lang, timeZone)}</td>
        </tr>
      )}
      empty={tr("senders.none")}
    />
  );
}

export function SendersPage({ page, patterns, vipSenders = [] }: { page: PageContext; patterns: SenderPatternStats[]; vipSenders?: VipSender[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("senders.title")}>
      <h1>{tr("senders.title")}</h1>
      <p>{tr("senders.intro", { percent: `${Math.round(HINT_OVERRIDES * 100)} %`, days: String(SENDER_PATTERN_MAX_IDLE_DAYS) })}</p>
      <p>
        <a href="/settings/vip-senders">{tr("vip.sendersLink")}</a> ({vipSenders.length})
      </p>
      <SendersTable lang={page.lang} timeZone={page.timeZone} patterns={patterns} vipSenders={vipSenders} />
    </Layout>
  );
}
