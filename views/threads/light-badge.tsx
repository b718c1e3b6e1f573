import type { TrafficLight } from "../../src/analysis/score.ts";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { escapeHtml } from "../html-text.ts";

/** A traffic light as a coloured dot with its name in words (colour is never the only signal). */
export function LightBadge({ lang, light }: { lang: Lang; light: TrafficLight | null }) {
  const tr = translator(lang);
  if (!light) return <span class="light-badge light-none">{tr("threads.notAnalysed")}</span>;
  return (
    <span class={`light-badge light-${light}`} data-light={light}>
      {tr(`dashboard.light.${light}`)}
    </span>
  );
}

/** The same badge as a string, for rows written as strings (views/threads/list-page.tsx). */
export function lightBadgeHtml(lang: Lang, light: TrafficLight | null): string {
  const tr = translator(lang);
  if (!light) return `<span class="light-badge light-none">${escapeHtml(tr("threads.notAnalysed"))}</span>`;
  return `<span class="light-badge light-${light}" data-light="${light}">${escapeHtml(tr(`dashboard.light.${light}`))}</span>`;
}
