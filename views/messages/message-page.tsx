/** The message page: headers, state and actions, AI panel, tags, the body (sandboxed HTML or plain text), attachments, thread. */
import { raw } from "hono/html";
import { Layout } from "../layout.tsx";
import { formatDateTime } from "../format.ts";
import type { PageContext } from "../page.ts";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { MailAddress } from "../../src/mail/parse/types.ts";
import { MessageText } from "./message-text.tsx";
import { AnalysisPanel } from "./analysis-panel.tsx";
import type { AttachmentInfo } from "../../src/inbox/attachments.ts";
import type { MessageCalendarEvent } from "../../src/inbox/calendar-event.ts";
import { CalendarEventBox } from "./calendar-event.tsx";
import { assetUrls } from "../assets.ts";
import { FRAME_SANDBOX } from "../../src/mail/render/body-document.ts";
import type { Location, PendingAction, StoredAnalysis, ThreadEntry } from "../../src/inbox/message-details.ts";
import type { OwnMessage } from "../../src/inbox/message.ts";
import { MessageActions } from "./message-actions.tsx";
import { MessageTags } from "./message-tags.tsx";
import type { OpenSuggestion, TagChip } from "../../src/inbox/message-tags.ts";
import { UndoNotice, type Notice } from "../actions/undo-notice.tsx";
import { ShortcutHelp } from "./shortcut-help.tsx";
import { folderName } from "../folder-name.ts";
import { MESSAGE_PAGE_STYLE } from "./message-page-style.ts";
import { LIST_NAVIGATION_STYLE, ListNavigationBar, type ListNavigation } from "./list-navigation.tsx";
import type { UnsubscribeOptions } from "../../src/mail/unsubscribe.ts";
import { UnsubscribeControl } from "../newsletters/unsubscribe-control.tsx";
import { VipSenderControl, type VipSenderState } from "./vip-sender-control.tsx";
import { SimilarMessagesSection } from "./similar-messages.tsx";
import { ReplyProposalSection } from "../replies/reply-proposal.tsx";
import { SuggestionBox } from "../rules/suggestion-box.tsx";
import type { PendingSuggestion } from "../../src/rules/pending-suggestions.ts";
import type { TranslationState } from "../../src/mail/translate/page-state.ts";
import { TranslationBeside } from "../translate/translation-beside.tsx";

export type BodyView = "html" | "text";

export interface MessagePageProps {
  page: PageContext;
  message: OwnMessage;
  accountLabel: string;
  folders: Location[];
  moveTargets: { id: string; name: string; path: string; specialUse: string | null }[];
  thread: ThreadEntry[];
  analysis: StoredAnalysis | undefined;
  tags: TagChip[];
  /** Every tag of the user, to pick from, and the suggestions still open (src/inbox/message-tags.ts). */
  allTags: TagChip[];
  suggestions: OpenSuggestion[];
  attachments: AttachmentInfo[];
  pending: PendingAction[];
  view: BodyView;
  text: string | null;
  /** Remote content shown in the frame: chosen for this view, or always for this sender. */
  remote: { allowed: boolean; once: boolean; senderTrusted: boolean; vipSender?: boolean; blocked: number };
  /** The list the message was opened from: back to it, and its neighbours there. */
  listNavigation?: ListNavigation;
  /** That list's `?list=` value, which the actions keep. */
  listState?: string;
  /** A newsletter's List-Unsubscribe ways ("Abbestellen"). */
  unsubscribe?: UnsubscribeOptions;
  notice?: Notice;
  /** Spam or suspected phishing as the analysis (with the user's corrections) stands: offers "Kein Spam" instead of "Spam melden". */
  spam: boolean;
  /** Whether "later today" is still offered in the user's zone; the snooze time, when snoozed, as the user reads it. */
  snooze: { laterToday: boolean; until?: string };
  /** The calendar invitation the message carries (./calendar-event.tsx). */
  calendar?: MessageCalendarEvent | null;
  /** Whether the sender is a VIP (./vip-sender-control.tsx); absent when the message has no sender address. */
  vip?: VipSenderState;
  /** Open suggestions of suggest-mode rules, and the one just applied without htmx (its undo), with the words of the last outcome. */
  ruleSuggestions?: { pending: PendingSuggestion[]; applied?: string; notice?: string };
  /** Translation on demand (views/translate/): the offer, and the translation beside the body. */
  translation?: TranslationState;
}

const addressText = (address: MailAddress) => (address.name && address.address ? `${address.name} <${address.address}>` : address.name || address.address);

function AddressList({ addresses }: { addresses: MailAddress[] }) {
  return <>{addresses.map(addressText).join(", ")}</>;
}

const formatSize = (lang: Lang, bytes: number) =>
  new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { style: "unit", unit: bytes >= 1024 * 1024 ? "megabyte" : "kilobyte", maximumFractionDigits: 1 }).format(
    bytes >= 1024 * 1024 ? bytes / 1024 / 1024 : Math.max(0.1, bytes / 1024),
  );

function ThreadNavigation({ page, message, thread }: Pick<MessagePageProps, "page" | "message" | "thread">) {
  const tr = translator(page.lang);
  if (thread.length < 2) return null;
  const index = thread.findIndex((entry) => entry.id === message.id);
  const previous = index > 0 ? thread[index - 1] : undefined;
  const next = index >= 0 && index < thread.length - 1 ? thread[index + 1] : undefined;
  return (
    <nav class="card mh-thread" aria-label={tr("message.thread.title")}>
      <div class="mh-thread-nav">
        <strong>{tr("message.thread.position", { n: String(index + 1), total: String(thread.length) })}</strong>
        {previous ? (
          <a href={`/messages/${previous.id}`} rel="prev">
            {tr("message.thread.previous")}
          </a>
        ) : (
          <span class="hint">{tr("message.thread.previous")}</span>
        )}
        {next ? (
          <a href={`/messages/${next.id}`} rel="next">
            {tr("message.thread.next")}
          </a>
        ) : (
          <span class="hint">{tr("message.thread.next")}</span>
        )}
      </div>
      <details>
        <summary>{tr("message.thread.all")}</summary>
        <ol class="mh-thread-list">
          {thread.map((entry) => (
            <li>
              {entry.id === message.id ? (
                <strong aria-current="page">{entry.subject || tr("message.noSubject")}</strong>
              ) : (
                <a href={`/messages/${entry.id}`}>{entry.subject || tr("message.noSubject")}</a>
              )}{" "}
              <span class="hint">
                {entry.from}
                {entry.date ? ` · ${formatDateTime(entry.date, page.lang, page.timeZone)}` : ""}
              </span>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}

function RemoteContentChoice({ page, message, remote, view }: Pick<MessagePageProps, "page" | "message" | "remote" | "view">) {
  const tr = translator(page.lang);
  const sender = message.headers.from[0]?.address;
  if (view !== "html") return null;
  return (
    <div class="mh-remote" id="remote-content">
      {remote.vipSender ? (
        <span class="hint">{tr("vip.remoteLoaded")}</span>
      ) : remote.senderTrusted ? (
        <span class="hint">{tr("message.remote.senderTrusted")}</span>
      ) : remote.once ? (
        <span class="hint">{tr("message.remote.loadedOnce")}</span>
      ) : remote.blocked > 0 ? (
        <>
          <span class="warning-text">{tr("message.remote.blocked", { count: String(remote.blocked) })}</span>
          <a class="button" href={`/messages/${message.id}?remote=1`}>
            {tr("message.remote.load")}
          </a>
        </>
      ) : null}
      {sender && (remote.blocked > 0 || remote.once || remote.senderTrusted) && (
        <form method="post" action={`/messages/${message.id}/remote-content`}>
          <input type="hidden" name="sender" value={remote.senderTrusted ? "never" : "always"} />
          <button type="submit">{remote.senderTrusted ? tr("message.remote.forgetSender") : tr("message.remote.alwaysSender")}</button>
        </form>
      )}
    </div>
  );
}

function Body({ page, message, view, text, remote }: Pick<MessagePageProps, "page" | "message" | "view" | "text" | "remote">) {
  const tr = translator(page.lang);
  const base = `/messages/${message.id}`;
  const remoteQuery = remote.once ? "?remote=1" : "";
  return (
    <section class="card mh-body" aria-labelledby="body-title">
      <h2 id="body-title" class="mh-vh">
        {tr("message.body.title")}
      </h2>
      <div class="mh-body-tabs">
        <nav class="tabs" aria-label={tr("message.body.views")}>
          {message.hasHtml && (
            <a href={`${base}${remoteQuery}`} aria-current={view === "html" ? "page" : undefined}>
              {tr("message.body.html")}
            </a>
          )}
          <a href={`${base}?view=text`} aria-current={view === "text" ? "page" : undefined}>
            {tr("message.body.text")}
          </a>
        </nav>
        <RemoteContentChoice page={page} message={message} remote={remote} view={view} />
      </div>
      {message.truncated && (
        <p class="notice" role="note">
          {tr("message.body.truncated")}
        </p>
      )}
      {view === "html" ? (
        <>
          {/* Not deferred, and before the frame: its listener must be there when the frame reports its height, which may be before the page has parsed. */}
          <script src={assetUrls.frameScript} nonce={page.nonce}></script>
          <iframe class="mh-frame" title={tr("message.body.frameTitle")} src={`${base}/body${remoteQuery}`} sandbox={FRAME_SANDBOX} referrerpolicy="no-referrer" loading="eager"></iframe>
        </>
      ) : text ? (
        <MessageText text={text} />
      ) : (
        <p class="empty">{tr("message.body.empty")}</p>
      )}
    </section>
  );
}

function Attachments({ page, message, attachments }: Pick<MessagePageProps, "page" | "message" | "attachments">) {
  const tr = translator(page.lang);
  if (attachments.length === 0) return null;
  return (
    <section class="card mh-attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{tr("message.attachments.title")}</h2>
      <ul>
        {attachments.map((attachment) => {
          const name = attachment.filename ?? tr("message.attachments.unnamed");
          return (
            <li>
              {attachment.stored ? (
                <a href={`/messages/${message.id}/attachment?id=${attachment.id}`} download={attachment.filename ?? ""}>
                  {name}
                </a>
              ) : (
                <span>{name}</span>
              )}{" "}
              <span class="hint">
                {attachment.contentType} · {formatSize(page.lang, attachment.size)}
                {attachment.inline ? ` · ${tr("message.attachments.inline")}` : ""}
                {attachment.stored ? "" : ` · ${tr("message.attachments.notStored")}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function MessagePage(props: MessagePageProps) {
  const { page, message, accountLabel, folders, analysis, tags } = props;
  const tr = translator(page.lang);
  const { headers } = message;
  const date = headers.date ? new Date(headers.date) : (message.sentAt ?? message.receivedAt);
  const subject = headers.subject || tr("message.noSubject");
  return (
    <Layout page={page} title={subject}>
      <style nonce={page.nonce}>{raw(MESSAGE_PAGE_STYLE + LIST_NAVIGATION_STYLE)}</style>
      <link rel="stylesheet" href={assetUrls.listStyles} />
      <script src={assetUrls.listScript} nonce={page.nonce} defer></script>
      <script src={assetUrls.messagePageScript} nonce={page.nonce} defer></script>
      {props.listNavigation ? (
        <ListNavigationBar lang={page.lang} navigation={props.listNavigation} />
      ) : (
        <p class="breadcrumb">
          <a href="/">{tr("message.back")}</a>
        </p>
      )}
      <h1 class="mh-subject">{subject}</h1>
      {props.notice && <UndoNotice lang={page.lang} notice={props.notice} />}
      <ThreadNavigation page={page} message={message} thread={props.thread} />
      <section class="card mh-headers" aria-labelledby="headers-title">
        <h2 id="headers-title" class="mh-vh">
          {tr("message.headers.title")}
        </h2>
        <dl class="facts">
          <dt>{tr("message.headers.from")}</dt>
          <dd class="mh-from">
            <AddressList addresses={headers.from} />
          </dd>
          <dt>{tr("message.headers.to")}</dt>
          <dd class="mh-to">
            <AddressList addresses={headers.to} />
          </dd>
          {headers.cc.length > 0 && (
            <>
              <dt>{tr("message.headers.cc")}</dt>
              <dd class="mh-cc">
                <AddressList addresses={headers.cc} />
              </dd>
            </>
          )}
          <dt>{tr("message.headers.date")}</dt>
          <dd class="mh-date">{date && !Number.isNaN(date.getTime()) ? <time datetime={date.toISOString()}>{formatDateTime(date, page.lang, page.timeZone)}</time> : tr("message.headers.noDate")}</dd>
          <dt>{tr("message.headers.folder")}</dt>
          <dd class="mh-folder">{folders.map((folder) => folderName(page.lang, { name: folder.folderName, specialUse: folder.specialUse })).join(", ") || "–"}</dd>
          <dt>{tr("message.headers.account")}</dt>
          <dd class="mh-account">{accountLabel}</dd>
        </dl>
        {props.vip && <VipSenderControl lang={page.lang} messageId={message.id} state={props.vip} />}
        {props.unsubscribe && <UnsubscribeControl lang={page.lang} messageId={message.id} options={props.unsubscribe} />}
        <MessageTags
          lang={page.lang}
          messageId={message.id}
          tags={tags}
          allTags={props.allTags}
          suggestions={props.suggestions}
          inList={props.listState === undefined ? "" : `?list=${encodeURIComponent(props.listState)}`}
        />
      </section>
      <SuggestionBox lang={page.lang} suggestions={props.ruleSuggestions?.pending ?? []} applied={props.ruleSuggestions?.applied} notice={props.ruleSuggestions?.notice} />
      <MessageActions page={page} message={message} moveTargets={props.moveTargets} pending={props.pending} spam={props.spam} snooze={props.snooze} listState={props.listState} />
      <AnalysisPanel lang={page.lang} messageId={message.id} analysis={analysis} />
      <CalendarEventBox page={page} messageId={message.id} calendar={props.calendar ?? null} />
      <TranslationBeside lang={page.lang} nonce={page.nonce} messageId={message.id} state={props.translation}>
        <Body page={page} message={message} view={props.view} text={props.text} remote={props.remote} />
      </TranslationBeside>
      <Attachments page={page} message={message} attachments={props.attachments} />
      <ReplyProposalSection lang={page.lang} messageId={message.id} />
      <SimilarMessagesSection lang={page.lang} messageId={message.id} />
      <ShortcutHelp lang={page.lang} on="message" />
    </Layout>
  );
}
