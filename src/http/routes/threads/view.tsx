/** The threads pages: the list of conversations and one conversation's messages. */
import { translator, type Lang } from "../../../i18n/messages.ts";
import type { TrafficLight } from "../../../analysis/score.ts";
import { Layout } from "../../../../views/layout.tsx";
import { formatDateTime } from "../../../../views/format.ts";
import type { PageContext } from "../../../../views/page.ts";
import { formatCount } from "../dashboard/view.tsx";
import type { Cursor } from "../../../inbox/threads.ts";
import { encodeCursor } from "./cursor.ts";
import { personName, type ShownHeaders } from "./headers.ts";

export interface ThreadRow {
  threadId: string;
  subject: string | null;
  participants: string[];
  count: number;
  unread: number;
  light: TrafficLight | null;
  activity: Date;
}

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

export function ThreadsPage({ page, threads, next, first }: { page: PageContext; threads: ThreadRow[]; next?: Cursor; first: boolean }) {
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
          <a href={`/threads?before=${encodeURIComponent(encodeCursor(next))}`} rel="next">
            {tr("threads.older")}
          </a>
        )}
      </nav>
    </Layout>
  );
}

export interface ThreadMessageRow {
  id: string;
  headers: ShownHeaders;
  activity: Date;
  seen: boolean;
  done: boolean;
  light: TrafficLight | null;
}

export function ThreadPage({ page, threadId, subject, messages, next, first }: { page: PageContext; threadId: string; subject: string | null; messages: ThreadMessageRow[]; next?: Cursor; first: boolean }) {
  const { lang } = page;
  const tr = translator(lang);
  const title = subject ?? tr("threads.noSubject");
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/threads">{tr("threads.title")}</a>
      </p>
      <h1>{title}</h1>
      <ol class="thread-messages">
        {messages.map((message) => (
          <li data-message={message.id} data-seen={message.seen ? "true" : "false"}>
            <a href={`/messages/${message.id}`}>
              <span class="from">{message.headers.from.map(personName).join(", ") || tr("threads.unknownSender")}</span>
              {": "}
              <span class="subject">{message.headers.subject ?? tr("threads.noSubject")}</span>
            </a>{" "}
            <span class="muted date">{formatDateTime(message.activity, lang)}</span> <LightBadge lang={lang} light={message.light} />
            {!message.seen && <span class="badge unread-mark">{tr("threads.unreadMark")}</span>}
            {message.done && <span class="badge done-mark">{tr("dashboard.done.done")}</span>}
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label={tr("threads.pages")}>
        {!first && <a href={`/threads/${threadId}`}>{tr("threads.first")}</a>}
        {next && (
          <a href={`/threads/${threadId}?after=${encodeURIComponent(encodeCursor(next))}`} rel="next">
            {tr("threads.later")}
          </a>
        )}
      </nav>
    </Layout>
  );
}
