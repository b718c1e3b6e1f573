/**
 * "Ähnliche Nachrichten" on the message page. The page renders only the
 * placeholder (SimilarMessagesSection): htmx fetches the list when the
 * section scrolls into view, so the ranking never slows the page down;
 * without JavaScript the placeholder is a link to the same route, which then
 * answers a page of its own.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { TagChip } from "../../src/inbox/message-tags.ts";
import type { SimilarMessage, SimilarReason } from "../../src/inbox/similar-messages.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

const REASON_KEYS = {
  sameThread: "similar.reason.sameThread",
  sameSender: "similar.reason.sameSender",
  similarText: "similar.reason.similarText",
  similarMeaning: "similar.reason.similarMeaning",
} as const satisfies Record<SimilarReason, string>;

export const similarMessagesPath = (messageId: string) => `/messages/${messageId}/similar`;

/** The placeholder on the message page, replaced by SimilarMessagesList once it is revealed. */
export function SimilarMessagesSection({ lang, messageId }: { lang: Lang; messageId: string }) {
  const tr = translator(lang);
  const url = similarMessagesPath(messageId);
  return (
    <section class="card mh-similar" id="similar-messages" aria-labelledby="similar-title">
      <h2 id="similar-title">{tr("similar.title")}</h2>
      <div hx-get={url} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={url}>{tr("similar.show")}</a>
      </div>
    </section>
  );
}

/** The list itself: the fragment htmx swaps in, and the body of the no-JavaScript page. */
export function SimilarMessagesList({ page, messageId, similar, tags }: { page: PageContext; messageId: string; similar: SimilarMessage[]; tags: TagChip[] }) {
  const tr = translator(page.lang);
  return (
    <div id="similar-list" data-message-id={messageId}>
      {similar.length === 0 ? (
        <p class="empty">{tr("similar.none")}</p>
      ) : (
        <ul class="mh-similar-list">
          {similar.map((entry) => (
            <li data-id={entry.id} data-score={String(entry.score)}>
              <a href={`/messages/${entry.id}`}>{entry.subject || tr("message.noSubject")}</a>{" "}
              <span class="hint">
                {entry.from ? entry.from.name || entry.from.address : tr("similar.unknownSender")} · {formatDateTime(entry.date, page.lang, page.timeZone)} ·{" "}
                {entry.reasons.map((reason) => tr(REASON_KEYS[reason])).join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div id="similar-actions" data-message-id={messageId}>
        {similar.length > 0 && tags.length > 0 && (
          <form method="post" action={`${similarMessagesPath(messageId)}/tag`} class="tag-add">
            <label for="similar-tag">{tr("similar.tagAll")}</label>
            <select id="similar-tag" name="tagId">
              {tags.map((tag) => (
                <option value={tag.id}>{tag.name}</option>
              ))}
            </select>
            <button type="submit">{tr("similar.tagAllButton")}</button>
          </form>
        )}
      </div>
    </div>
  );
}

/** The list as a page of its own, for a browser without JavaScript following the placeholder's link. */
export function SimilarMessagesPage({ page, messageId, similar, tags }: { page: PageContext; messageId: string; similar: SimilarMessage[]; tags: TagChip[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("similar.title")}>
      <p class="breadcrumb">
        <a href={`/messages/${messageId}`}>{tr("similar.back")}</a>
      </p>
      <h1>{tr("similar.title")}</h1>
      <section class="card mh-similar">
        <SimilarMessagesList page={page} messageId={messageId} similar={similar} tags={tags} />
      </section>
    </Layout>
  );
}
