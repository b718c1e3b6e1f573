/** The threads list: the user's conversations, newest activity first, a page at a time. */
import type { TrafficLight } from "../../src/analysis/score.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatCount, formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { LightBadge } from "./light-badge.tsx";

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
      {threads.length === 0 ? (
        <p class="empty">{tr("threads.none")}</p>
      ) : (
        <table class="list threads">
          <caption class="visually-hidden">{tr("threads.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("threads.subject")}</th>
              <th scope="col">{tr("threads.participants")}</th>
              <th scope="col" class="number">{tr("threads.count")}</th>
              <th scope="col" class="number">{tr("threads.unread")}</th>
              <th scope="col">{tr("threads.light")}</th>
              <th scope="col">{tr("threads.latest")}</th>
            </tr>
          </thead>
          <tbody>
            {threads.map((thread) => (
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
                <td class="date">{formatDateTime(thread.activity, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
