/** The threads list: the user's conversations, newest activity first, a page at a time. */
import type { TrafficLight } from "../../src/analysis/score.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatCount, formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { LightBadge } from "./light-badge.tsx";
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
        row={(thread) => (
          <tr data-thread={thread.threadId} data-unread={thread.unread > 0 ? "true" : "false"}>
            <td class="subject">
              <a href={`/threads/${thread.threadId}`}>{thread.subject ?? tr("threads.noSubject")}</a>
            </td>
            <td class="participants">{thread.participants.join(", ")}</td>
            <td class="number count">{formatCount(thread.count, lang)}</td>
            <td class="number unread">{formatCount(thread.unread, lang)}</td>
            <td>
              <LightBadge lang={lang} light={thread.light} />
            </td>
            <td class="date">{formatDateTime(thread.activity, lang, page.timeZone)}</td>
          </tr>
        )}
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
