/**
 * "Warten auf Antwort": the user's sent messages nobody has answered, the
 * longest wait first, each with its recipients, when it was sent, how long
 * it waits, a link to its conversation, "Erledigt" and "Erinnern in …"
 * (the snooze menu's choices). Cards rather than a table, so a phone shows
 * them without scrolling sideways. Every form works without JavaScript.
 */
import { raw } from "hono/html";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { WaitingMessage, WaitingPage as WaitingPageData } from "../../src/mail/waiting/waiting.ts";
import { MAX_WAITING_DAYS, MIN_WAITING_DAYS, WAITING_LOOKBACK_DAYS } from "../../src/mail/waiting/limits.ts";
import { UndoNotice, type Notice } from "../actions/undo-notice.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

const STYLE = `
.waiting-settings { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: 0 0 1rem; }
.waiting-settings label { display: grid; gap: .25rem; }
.waiting-settings input { width: 6rem; }
.waiting-list { list-style: none; padding: 0; display: grid; gap: .75rem; }
.waiting-list li { margin: 0; }
.waiting-list h2 { font-size: 1rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
.waiting-facts { margin: 0 0 .5rem; overflow-wrap: anywhere; }
.waiting-actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: start; }
.waiting-actions form { margin: 0; }
`;

export interface WaitingPageProps {
  page: PageContext;
  data: WaitingPageData;
  notice?: Notice;
  /** Whether "later today" is still offered in the user's zone. */
  laterToday: boolean;
}

/**
 * "Erinnern in …": the snooze menu's choices (src/mail/actions/snooze-choice.ts)
 * under the waiting page's own words; the form posts `until` like the
 * message page's snooze.
 */
function RemindMenu({ lang, laterToday }: { lang: Lang; laterToday: boolean }) {
  const tr = translator(lang);
  const choices = [...(laterToday ? (["later"] as const) : []), "tomorrow", "nextweek"] as const;
  const labels = { later: "actions.snooze.laterToday", tomorrow: "actions.snooze.tomorrow", nextweek: "actions.snooze.nextWeek" } as const;
  return (
    <details class="snooze-menu">
      <summary>{tr("waiting.remind")}</summary>
      <div class="snooze-choices">
        {choices.map((choice) => (
          <button type="submit" name="until" value={choice} data-action={choice}>
            {tr(labels[choice])}
          </button>
        ))}
        <label>
          {tr("actions.snooze.at")} <input type="datetime-local" name="snoozeAt" />
        </label>
        <button type="submit" name="until" value="at" data-action="at">
          {tr("actions.snooze.atSubmit")}
        </button>
      </div>
    </details>
  );
}

function recipientsText(message: WaitingMessage, none: string): string {
  const names = message.recipients.map((entry) => entry.name || entry.address);
  return names.length === 0 ? none : names.length > 3 ? `${names.slice(0, 3).join(", ")} +${names.length - 3}` : names.join(", ");
}

export function WaitingPage({ page, data, notice, laterToday }: WaitingPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("waiting.title")}>
      <style nonce={page.nonce}>{raw(STYLE)}</style>
      <h1>{tr("waiting.title")}</h1>
      <p class="hint">{tr("waiting.intro", { days: String(data.days), lookback: String(WAITING_LOOKBACK_DAYS) })}</p>
      <form method="post" action="/waiting/settings" class="waiting-settings">
        <label for="waiting-days">
          {tr("waiting.days.label")}
          <input
            id="waiting-days"
            name="days"
            type="number"
            inputmode="numeric"
            min={MIN_WAITING_DAYS}
            max={MAX_WAITING_DAYS}
            value={String(data.days)}
            required
            aria-describedby="waiting-days-hint"
          />
        </label>
        <small id="waiting-days-hint" class="hint">
          {tr("waiting.days.hint")}
        </small>
        <button type="submit">{tr("waiting.days.save")}</button>
      </form>
      {notice && <UndoNotice lang={page.lang} notice={notice} />}
      {data.messages.length === 0 ? (
        <p class="empty">{tr("waiting.empty")}</p>
      ) : (
        <ul class="waiting-list">
          {data.messages.map((message) => {
            const subject = message.subject === null ? tr("waiting.unreadable") : message.subject || tr("waiting.noSubject");
            const titleId = `waiting-${message.id}`;
            return (
              <li class="card" data-message-id={message.id}>
                <h2 id={titleId}>
                  <a href={`/threads/${message.threadId}`}>{subject}</a>
                </h2>
                <p class="waiting-facts">
                  <span class="waiting-to">{tr("waiting.to", { recipients: recipientsText(message, tr("waiting.noRecipient")) })}</span>
                  {" · "}
                  <time datetime={message.sentAt.toISOString()}>{tr("waiting.sentAt", { date: formatDateTime(message.sentAt, page.lang, page.timeZone) })}</time>
                  {" · "}
                  <strong class="waiting-days">{tr("waiting.daysWaiting", { count: String(message.daysWaiting) })}</strong>
                  {message.remindAt && (
                    <>
                      {" · "}
                      <span class="badge waiting-reminder">{tr("waiting.remindAt", { time: formatDateTime(message.remindAt, page.lang, page.timeZone) })}</span>
                    </>
                  )}
                </p>
                <div class="waiting-actions">
                  <form method="post" action={`/waiting/${message.id}/dismiss`}>
                    <button type="submit" aria-describedby={titleId}>
                      {tr("waiting.dismiss")}
                    </button>
                  </form>
                  <form method="post" action={`/waiting/${message.id}/remind`} class="waiting-remind" aria-label={`${tr("waiting.remind")} ${subject}`}>
                    <RemindMenu lang={page.lang} laterToday={laterToday} />
                  </form>
                  <a href={`/messages/${message.id}`} aria-describedby={titleId}>
                    {tr("waiting.openMessage")}
                  </a>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {data.next && (
        <p>
          <a href={`/waiting?after=${encodeURIComponent(data.next)}`} rel="next">
            {tr("waiting.more")}
          </a>
        </p>
      )}
    </Layout>
  );
}
