/** The readiness checks as an HTML fragment (the JSON form is /readyz). */
import type { ReadinessReport } from "../../src/ops/readiness.ts";
import { type Lang, translator } from "../../src/i18n/messages.ts";
import { formatTime } from "../format.ts";

export function StatusFragment({ lang, timeZone, report }: { lang: Lang; timeZone: string; report: ReadinessReport }) {
  const tr = translator(lang);
  const rows = [
    ["status.database", report.checks.database],
    ["status.migrations", report.checks.migrations],
    ["status.worker", report.checks.worker],
  ] as const;
  const time = formatTime(new Date(), lang, timeZone);
  return (
    <div class={report.ready ? "status ready" : "status not-ready"} data-ready={String(report.ready)}>
      <p class="status-summary">{report.ready ? tr("status.ready") : tr("status.notReady")}</p>
      <dl>
        {rows.map(([label, check]) => (
          <>
            <dt>{tr(label)}</dt>
            <dd class={check.ok ? "ok" : "failed"}>
              {check.ok ? tr("status.ok") : tr("status.failed")} <small>{check.detail}</small>
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
