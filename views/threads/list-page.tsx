/** The threads list: the user's conversations, newest activity first, a page at a time. */
import { raw } from "hono/html";
import type { TrafficLight } from "../../src/analysis/score.ts";
import { LANGS, translator, type Lang } from "../../src/i18n/messages.ts";
import { formatCount, formatDateTime } from "../format.ts";
import { escapeHtml } from "../html-text.ts";
import { Layout } from "../layout.tsx";
import { memo } from "../memo.ts";
import type { PageContext } from "../page.ts";
import { lightBadgeHtml } from "./light-badge.tsx";
import { DataTable } from "../data-table.tsx";

export interface ThreadRow {
  threadId: string;
  subject: string | null;
  participants: string[];
  count: number;
  unread: number;
  light: TrafficLight | null;
  activity: Date;
}

/** The texts a row needs that only depend on the language, looked up once per language rather than once per row. */
const rowTexts = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) => ({
    noSubject: escapeHtml(translator(lang)("threads.noSubject")),
    light: { red: lightBadgeHtml(lang, "red"), yellow: lightBadgeHtml(lang, "yellow"), green: lightBadgeHtml(lang, "green"), none: lightBadgeHtml(lang, null) },
  }),
);

/** One table row; a page has fifty, so it is written as a string (views/html-text.ts says why), the same HTML its JSX made. */
function threadRowHtml(texts: ReturnType<typeof rowTexts>, lang: Lang, timeZone: string, thread: ThreadRow): string {
  return (
    `<tr data-thread="${escapeHtml(thread.threadId)}" data-unread="${thread.unread > 0 ? "true" : "false"}">` +
    `<td class="subject"><a href="/threads/${escapeHtml(thread.threadId)}">${thread.subject === null ? texts.noSubject : escapeHtml(thread.subject)}</a></td>` +
    `<td class="participants">${escapeHtml(thread.participants.join(", "))}</td>` +
    `<td class="number count">${escapeHtml(formatCount(thread.count, lang))}</td>` +
    `<td class="number unread">${escapeHtml(formatCount(thread.unread, lang))}</td>` +
    `<td>${texts.light[thread.light ?? "none"]}</td>` +
    `<td class="date">${escapeHtml(formatDateTime(thread.activity, lang, timeZone))}</td></tr>`
  );
}

export function ThreadsPage({ page, threads, next, first }: { page: PageContext; threads: ThreadRow[]; next?: string; first: boolean }) {
  const { lang } = page;
  const tr = translator(lang);
  return (
    <Layout page={page} title={tr("threads.title")}>
      <h1>{tr("threads.title")}</h1>
      <DataTable
        class="threads"
        caption={tr("threads.caption")}
        columns={[
          tr("threads.subject"),
          tr("threads.participants"),
          { label: tr("threads.count"), class: "number" },
          { label: tr("threads.unread"), class: "number" },
          tr("threads.light"),
          tr("threads.latest"),
        ]}
        rows={threads}
        row={(thread) => raw(threadRowHtml(rowTexts(lang), lang, page.timeZone, thread))}
        empty={tr("threads.none")}
      />
      <nav class="pager" aria-label={tr("threads.pages")}>
        {!first && <a href="/threads">{tr("threads.newest")}</a>}
        {next && (
          <a href={`/threads?before=${encodeURIComponent(next)}`} rel="next">
            {tr("threads.older")}
          </a>
        )}
      </nav>
    </Layout>
  );
}
