/**
 * One conversation: every message in order, oldest first, each with its
 * text (quotes folded away) and, for HTML mail, the formatted version in the
 * message page's sandboxed frame on request; the newest open, the older ones
 * collapsed; a page at a time.
 */
import { raw } from "hono/html";
import type { TrafficLight } from "../../src/analysis/score.ts";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { ConversationBody } from "../../src/inbox/thread-conversation.ts";
import type { MailAddress } from "../../src/mail/parse/types.ts";
import { FRAME_SANDBOX } from "../../src/mail/render/body-document.ts";
import { assetUrls } from "../assets.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import { MESSAGE_PAGE_STYLE } from "../messages/message-page-style.ts";
import { QuotedMessageText } from "../messages/message-text.tsx";
import type { PageContext } from "../page.ts";
import { LightBadge } from "./light-badge.tsx";

export interface ThreadMessageRow {
  id: string;
  subject: string | null;
  /** The senders as shown (display name, else address). */
  from: string[];
  to: MailAddress[];
  activity: Date;
  seen: boolean;
  done: boolean;
  light: TrafficLight | null;
  body: ConversationBody;
}

const THREAD_STYLE = `
.thread-messages .mh-conversation summary { cursor: pointer; }
.mh-conversation[open] > summary { margin-bottom: .5rem; }
.mh-conversation .mh-text { margin: .5rem 0; }
.mh-quote > summary { font-size: .9rem; color: var(--muted, #555); }
.mh-quoted { opacity: .85; }
.mh-thread-frame { height: 24rem; }
.mh-conversation-meta { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .9rem; }
`;

const addressText = (address: MailAddress) => address.name || address.address;

function Body({ lang, message }: { lang: Lang; message: ThreadMessageRow }) {
  const tr = translator(lang);
  const { body } = message;
  return (
    <>
      {body.blocks.length > 0 ? <QuotedMessageText lang={lang} blocks={body.blocks} /> : <p class="empty">{tr("message.body.empty")}</p>}
      {/* The formatted mail, as on the message page: its sanitised document in a sandboxed frame, loaded only when opened. */}
      {body.hasHtml && (
        <details class="mh-formatted">
          <summary>{tr("thread.showFormatted")}</summary>
          <iframe
            class="mh-frame mh-thread-frame"
            title={tr("thread.frameTitle", { subject: message.subject ?? tr("threads.noSubject") })}
            src={`/messages/${message.id}/body`}
            sandbox={FRAME_SANDBOX}
            referrerpolicy="no-referrer"
            loading="lazy"
          ></iframe>
        </details>
      )}
    </>
  );
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
  // The newest message of the conversation is the last one of its last page.
  const newest = next ? undefined : messages.at(-1)?.id;
  return (
    <Layout page={page} title={title}>
      <style nonce={page.nonce}>{raw(MESSAGE_PAGE_STYLE + THREAD_STYLE)}</style>
      <p class="breadcrumb">
        <a href="/threads">{tr("threads.title")}</a>
      </p>
      <h1>{title}</h1>
      {/* Grows each opened frame to its mail's height (the frame's own hashed script reports it); before the frames, not deferred. */}
      {messages.some((message) => message.body.hasHtml) && <script src={assetUrls.frameScript} nonce={page.nonce}></script>}
      <ol class="thread-messages">
        {messages.map((message) => (
          <li data-message={message.id} data-seen={message.seen ? "true" : "false"}>
            <details class="mh-conversation" open={message.id === newest}>
              <summary>
                <span class="from">{message.from.join(", ") || tr("threads.unknownSender")}</span>
                {": "}
                <span class="subject">{message.subject ?? tr("threads.noSubject")}</span> <span class="muted date">{formatDateTime(message.activity, lang, page.timeZone)}</span>{" "}
                <LightBadge lang={lang} light={message.light} />
                {!message.seen && <span class="badge unread-mark">{tr("threads.unreadMark")}</span>}
                {message.done && <span class="badge done-mark">{tr("dashboard.done.done")}</span>}
              </summary>
              <div class="mh-conversation-meta">
                {message.to.length > 0 && (
                  <span>
                    {tr("message.headers.to")}: {message.to.map(addressText).join(", ")}
                  </span>
                )}
                <a class="open-message" href={`/messages/${message.id}`}>
                  {tr("thread.openMessage")}
                </a>{" "}
                <a class="reply-message" href={`/messages/${message.id}/reply`}>
                  {tr("compose.action.reply")}
                </a>{" "}
                <a class="reply-all-message" href={`/messages/${message.id}/reply-all`}>
                  {tr("compose.action.replyAll")}
                </a>{" "}
                <a class="forward-message" href={`/messages/${message.id}/forward`}>
                  {tr("compose.action.forward")}
                </a>
              </div>
              <Body lang={lang} message={message} />
            </details>
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
