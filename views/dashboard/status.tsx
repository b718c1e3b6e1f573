/** The readiness checks in words, as an HTML fragment (the JSON form is /readyz), and the card that polls it: administrators only. */
import type { CheckState, ReadinessReport } from "../../src/ops/readiness.ts";
import { type Lang, translator } from "../../src/i18n/messages.ts";
import { formatTime } from "../format.ts";

/** Where the card fetches the fragment from; the admin guard answers 404 to anyone else. */
export const STATUS_FRAGMENT_PATH = "/admin/status/check";

function stateWords(tr: ReturnType<typeof translator>, said: CheckState): string {
  switch (said.state) {
    case "pending":
      return tr("status.state.pending", { count: String(said.count) });
    case "alive":
    case "stale":
      return tr(`status.state.${said.state}`, { seconds: String(said.seconds) });
    case "no_runner":
      return tr("status.state.no_runner", { workers: String(said.workers), seconds: String(said.seconds) });
    default:
      return tr(`status.state.${said.state}`);
  }
}

export function StatusFragment({ lang, timeZone, report }: { lang: Lang; timeZone: string; report: ReadinessReport }) {
  const tr = translator(lang);
  const rows = [
    ["status.database", report.checks.database, report.states.database],
    ["status.migrations", report.checks.migrations, report.states.migrations],
    ["status.worker", report.checks.worker, report.states.worker],
  ] as const;
  const time = formatTime(new Date(), lang, timeZone);
  return (
    <div class={report.ready ? "status ready" : "status not-ready"} data-ready={String(report.ready)}>
      <p class="status-summary">{report.ready ? tr("status.ready") : tr("status.notReady")}</p>
      <dl>
        {rows.map(([label, check, said]) => (
          <>
            <dt>{tr(label)}</dt>
            <dd class={check.ok ? "ok" : "failed"} data-state={said.state}>
              {check.ok ? tr("status.ok") : tr("status.failed")} <small>{stateWords(tr, said)}</small>
            </dd>
          </>
        ))}
      </dl>
      <p>
        <small>{tr("status.checkedAt", { time })}</small>
      </p>
    </div>
  );
}

/** The card that loads the fragment through htmx and refreshes it; without JavaScript, `initial` is shown as rendered. */
export function StatusCard({ lang, timeZone, initial }: { lang: Lang; timeZone: string; initial?: ReadinessReport }) {
  const tr = translator(lang);
  return (
    <section class="card" aria-labelledby="status-title">
      <h2 id="status-title">{tr("status.title")}</h2>
      <div id="status" hx-get={STATUS_FRAGMENT_PATH} hx-trigger={initial ? "every 15s" : "load, every 15s"} hx-swap="innerHTML">
        {initial ? <StatusFragment lang={lang} timeZone={timeZone} report={initial} /> : tr("status.loading")}
      </div>
    </section>
  );
}
