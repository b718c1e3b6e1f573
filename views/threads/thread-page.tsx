/** One conversation: its messages, oldest first, a page at a time. */
import type { TrafficLight } from "../../src/analysis/score.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { LightBadge } from "./light-badge.tsx";

export interface ThreadMessageRow {
  id: string;
  subject: string | null;
  /** The senders as shown (display name, else address). */
  from: string[];
  activity: Date;
  seen: boolean;
  done: boolean;
  light: TrafficLight | null;
}

export function ThreadPage({
  page,
  threadId,
  subject,
  messages,
  next,
  first,
}: {
  page: PageContext;
  threadId: string;
  subject: string | null;
  messages: ThreadMessageRow[];
  next?: string;
  first: boolean;
}) {
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
              <span class="from">{message.from.join(", ") || tr("threads.unknownSender")}</span>
              {": "}
              <span class="subject">{message.subject ?? tr("threads.noSubject")}</span>
            </a>{" "}
            <span class="muted date">{formatDateTime(message.activity, lang, page.timeZone)}</span> <LightBadge lang={lang} light={message.light} />
            {!message.seen && <span class="badge unread-mark">{tr("threads.unreadMark")}</span>}
            {message.done && <span class="badge done-mark">{tr("dashboard.done.done")}</span>}
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label={tr("threads.pages")}>
        {!first && <a href={`/threads/${threadId}`}>{tr("threads.first")}</a>}
        {next && (
          <a href={`/threads/${threadId}?after=${encodeURIComponent(next)}`} rel="next">
            {tr("threads.later")}
          </a>
        )}
      </nav>
    </Layout>
  );
}
