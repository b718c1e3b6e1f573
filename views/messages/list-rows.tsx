/**
 * The list itself inside the bulk-action form: a checkbox per row, the
 * actions for the selection, and the page links. htmx posts the form and
 * swaps this block (#message-list); without JavaScript the post redirects
 * back to the same list.
 */
import { folderChoiceLabel } from "../folder-name.ts";
import type { Lang, MessageKey } from "../../src/i18n/messages.ts";
import { LANGS, translator } from "../../src/i18n/messages.ts";
import type { MessagePage, MessageSummary } from "../../src/inbox/list.ts";
import { listHref, type ListParams } from "../../src/inbox/list-query.ts";
import { formatDateTime } from "../format.ts";
import type { FilterOptions } from "../../src/inbox/filter-options.ts";
import { tagClass } from "./message-tags.tsx";
import { raw } from "hono/html";
import { escapeHtml } from "../html-text.ts";
import { memo, numberKey } from "../memo.ts";
import { DataTable } from "../data-table.tsx";
import { UndoNotice, type Notice } from "../actions/undo-notice.tsx";

/** The selection's buttons after archive, done, spam and snooze (drawn apart, in ListActions). */
const BULK_ACTIONS = ["undone", "read", "unread", "flag", "unflag", "trash"] as const;
/** What each row offers by itself: a button posting `row=<action>:<id>` (works without JavaScript). */
const ROW_ACTIONS = ["archive", "done", "spam", "notspam"] as const;
const ROW_LABELS = { archive: "actions.archive", done: "actions.done", spam: "actions.spam", notspam: "actions.notSpam" } as const;

/** Number formatters by language and unit, built once (one per row cost more than the row). */
const sizeFormat = memo(
  2 * LANGS.length,
  (lang: Lang, unit: "kilobyte" | "megabyte") => `${lang}:${unit}`,
  (lang: Lang, unit: "kilobyte" | "megabyte") => new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { style: "unit", unit, maximumFractionDigits: 1 }),
);

/** "1,6 kB": remembered by language and byte count, as the same messages come back on the next visit (views/memo.ts). */
const formatSize = memo(
  20_000,
  (bytes: number, lang: Lang) => numberKey(bytes, lang),
  (bytes: number, lang: Lang) => (bytes >= 1024 * 1024 ? sizeFormat(lang, "megabyte").format(bytes / (1024 * 1024)) : sizeFormat(lang, "kilobyte").format(Math.max(bytes / 1024, 0.1))),
);

/** The row texts of one language, looked up once rather than once per row. */
function buildRowTexts(lang: Lang) {
  const tr = translator(lang);
  const light = (name: string) => escapeHtml(tr(`list.light.${name}` as MessageKey));
  // Split around the placeholder once rather than filling it in per row (the replace showed in profiles).
  const [beforeSubject = "", afterSubject = ""] = tr("list.selectOne").split("{subject}").map(escapeHtml);
  return {
    unreadable: tr("list.unreadable"),
    noSubject: tr("list.noSubject"),
    selectOne: (subject: string) => `${beforeSubject}${escapeHtml(subject)}${afterSubject}`,
    light: { red: light("red"), yellow: light("yellow"), green: light("green") } as Record<string, string>,
    noAnalysis: escapeHtml(tr("list.noAnalysis")),
    unread: `<span class="badge unread">${escapeHtml(tr("list.unread"))}</span>`,
    flagged: `<span class="badge flagged" title="${escapeHtml(tr("list.flagged"))}">⚑<span class="visually-hidden">${escapeHtml(tr("list.flagged"))}</span></span>`,
    attachment: `<span class="badge attachment" title="${escapeHtml(tr("list.attachment"))}">📎<span class="visually-hidden">${escapeHtml(tr("list.attachment"))}</span></span>`,
    answered: `<span class="badge answered">${escapeHtml(tr("list.answered"))}</span>`,
    done: `<span class="badge done">${escapeHtml(tr("list.doneMark"))}</span>`,
    spam: `<span class="badge spam">${escapeHtml(tr("list.marker.spam"))}</span>`,
    phishing: `<span class="badge phishing">⚠ ${escapeHtml(tr("list.marker.phishing"))}</span>`,
    newsletter: `<span class="badge newsletter">${escapeHtml(tr("list.marker.newsletter"))}</span>`,
    threadSize: (count: number) => {
      const label = escapeHtml(tr("list.threadSize", { count: String(count) }));
      return ` <span class="thread-size" title="${label}"><span aria-hidden="true">${count}</span><span class="visually-hidden">${label}</span></span>`;
    },
    rowActions: Object.fromEntries(
      ROW_ACTIONS.map((action) => {
        const label = escapeHtml(tr(ROW_LABELS[action]));
        return [action, (id: string, subject: string) => `<button type="submit" class="row-action" name="row" value="${action}:${id}" aria-label="${label}: ${escapeHtml(subject)}">${label}</button>`];
      }),
    ) as Record<(typeof ROW_ACTIONS)[number], (id: string, subject: string) => string>,
  };
}

type RowTexts = ReturnType<typeof buildRowTexts>;
const rowTexts = memo(LANGS.length, (lang: Lang) => lang, buildRowTexts);

/** " EN" with the language's name as its title, once per language pair (views/memo.ts). */
const languageChip = memo(
  100,
  (lang: Lang, code: string) => `${lang}:${code}`,
  (lang: Lang, code: string) => {
    const upper = code.toUpperCase();
    let name = upper;
    try {
      name = new Intl.DisplayNames([lang], { type: "language" }).of(code.toLowerCase()) ?? upper;
    } catch {
      // Not a language code Intl knows: the code itself.
    }
    return ` <span class="badge lang-chip" title="${escapeHtml(translator(lang)("translate.chipTitle", { language: name }))}">${escapeHtml(upper)}</span>`;
  },
);

/** One table row; a page has fifty, so it is written as a string (views/html-text.ts says why). */
function rowHtml(texts: RowTexts, lang: Lang, timeZone: string, message: MessageSummary, listQuery: string, tagChips: Map<string, string>, suggestionChip?: string): string {
  const subject = message.subject === null ? texts.unreadable : message.subject || texts.noSubject;
  const sender = message.from ? message.from.name || message.from.address : "";
  const light = message.analysis?.trafficLight;
  const priority = message.analysis
    ? `<span class="light light-${light}" title="${texts.light[light!]}"><span class="visually-hidden">${texts.light[light!]} </span>${message.analysis.score}</span>`
    : `<span class="light light-none" title="${texts.noAnalysis}">–</span>`;
  // Suspected phishing warns instead of saying spam; a wanted newsletter is marked as one.
  const verdict = message.analysis?.phishing ? texts.phishing : message.analysis?.spam ? texts.spam : message.analysis?.newsletter ? texts.newsletter : "";
  const badges =
    verdict +
    (message.seen ? "" : texts.unread) +
    (message.flagged ? texts.flagged : "") +
    (message.hasAttachments ? texts.attachment : "") +
    (message.answered ? texts.answered : "") +
    (message.doneAt ? texts.done : "");
  return (
    `<tr data-message-id="${message.id}" class="${message.seen ? "seen" : "unseen"}" data-light="${light ?? "none"}"${message.analysis?.spam ? ' data-spam=""' : ""}>` +
    `<td class="select"><input type="checkbox" name="id" value="${message.id}" aria-label="${texts.selectOne(subject)}"/></td>` +
    `<td class="priority">${priority}</td>` +
    `<td class="from"${message.from ? ` title="${escapeHtml(message.from.address)}"` : ""}>${escapeHtml(sender)}</td>` +
    `<td class="subject"><a href="/messages/${message.id}${listQuery}">${escapeHtml(subject)}</a>${message.threadSize > 1 ? texts.threadSize(message.threadSize) : ""}` +
    // The analysed language when it is not the reader's (views/translate/: the message page offers a translation).
    `${message.analysis?.language && message.analysis.language.toLowerCase() !== lang ? languageChip(lang, message.analysis.language) : ""}` +
    `${message.tagIds.length ? `<span class="row-tags">${message.tagIds.map((id) => tagChips.get(id) ?? "").join("")}</span>` : ""}` +
    // A rule's open suggestion: the chip opens the message, where it is applied or dismissed.
    `${suggestionChip ? ` <a class="rule-suggestion-chip" href="/messages/${message.id}${listQuery}">${escapeHtml(suggestionChip)}</a>` : ""}` +
    `${message.preview ? `<span class="preview">${escapeHtml(message.preview)}</span>` : ""}</td>` +
    `<td class="date"><time datetime="${message.date.toISOString()}">${escapeHtml(formatDateTime(message.date, lang, timeZone))}</time></td>` +
    `<td class="size">${escapeHtml(formatSize(message.size, lang))}</td>` +
    `<td class="state">${badges}</td>` +
    // Spam or not as the row stands: "Kein Spam" for spam (the spam view), "Spam melden" otherwise.
    `<td class="row-actions">${texts.rowActions.archive(message.id, subject)}${texts.rowActions.done(message.id, subject)}${texts.rowActions[message.analysis?.spam ? "notspam" : "spam"](message.id, subject)}</td></tr>`
  );
}

export interface MessageListProps {
  lang: Lang;
  /** The reader's zone (PageContext.timeZone). */
  timeZone: string;
  result: MessagePage;
  params: ListParams;
  /** The list's own address (filters, sort and position): where a bulk action returns to. */
  back: string;
  options: FilterOptions;
  notice?: Notice;
  /** Whether "later today" is still offered (snoozeChoices: not after 17:00 in the user's zone). */
  snooze: { laterToday: boolean };
  /** Open rule suggestions' chip texts by message id (src/rules/pending-suggestions.ts, one query for the page). */
  suggestionChips?: Map<string, string>;
}

/** The parts of the list that only depend on the language, rendered once per language. */
const bulkButtons = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) =>
    raw(
      // Joined without separators (String() of an array would put commas between the buttons).
      BULK_ACTIONS.map((action) =>
        String(
          <button type="submit" name="action" value={action} data-action={action}>
            {translator(lang)(`list.bulk.${action}` as MessageKey)}
          </button>,
        ),
      ).join(""),
    ),
);

const tableHead = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) => {
    const tr = translator(lang);
    const columns = (["priority", "from", "subject", "date", "size", "state"] as const).map((column) => <th>{tr(`list.col.${column}`)}</th>);
    columns.push(<th class="row-actions">{tr("actions.rowActions")}</th>);
    return raw(
      String(
        <thead>
          <tr>
            <th class="select">
              <input type="checkbox" class="select-all" aria-label={tr("list.selectAll")} />
            </th>
            {columns}
          </tr>
        </thead>,
      ),
    );
  },
);

/** Archive, done, spam or not spam (as the view shows spam or not) and the "Später" menu, for the selection. */
function ListActions({ lang, params, snooze }: { lang: Lang; params: ListParams; snooze: MessageListProps["snooze"] }) {
  const tr = translator(lang);
  const spamButtons = params.spam === "yes" ? (["notspam"] as const) : params.spam === "all" ? (["spam", "notspam"] as const) : (["spam"] as const);
  return (
    <>
      <button type="submit" name="action" value="archive" data-action="archive" aria-keyshortcuts="e">
        {tr("actions.archive")}
      </button>
      <button type="submit" name="action" value="done" data-action="done" aria-keyshortcuts="d">
        {tr("actions.done")}
      </button>
      {spamButtons.map((action) => (
        <button type="submit" name="action" value={action} data-action={action} aria-keyshortcuts="!">
          {tr(action === "spam" ? "actions.spam" : "actions.notSpam")}
        </button>
      ))}
      <SnoozeMenu lang={lang} laterToday={snooze.laterToday} name="action" prefix="snooze-" />
    </>
  );
}

/**
 * "Später": a disclosure with the offered times and a date and time field.
 * Each choice is a submit button (`name`=`prefix`+choice), so it posts
 * without JavaScript; the times are the user's (snoozeChoices).
 */
export function SnoozeMenu({ lang, laterToday, name, prefix, shortcut = "b" }: { lang: Lang; laterToday: boolean; name: string; prefix: string; shortcut?: string }) {
  const tr = translator(lang);
  const choices = [...(laterToday ? (["later"] as const) : []), "tomorrow", "nextweek"] as const;
  const labels = { later: "actions.snooze.laterToday", tomorrow: "actions.snooze.tomorrow", nextweek: "actions.snooze.nextWeek" } as const;
  return (
    <details class="snooze-menu">
      <summary aria-keyshortcuts={shortcut}>{tr("actions.snooze")}</summary>
      <div class="snooze-choices">
        {choices.map((choice) => (
          <button type="submit" name={name} value={`${prefix}${choice}`} data-action={`${prefix}${choice}`}>
            {tr(labels[choice])}
          </button>
        ))}
        <label>
          {tr("actions.snooze.at")} <input type="datetime-local" name="snoozeAt" />
        </label>
        <button type="submit" name={name} value={`${prefix}at`} data-action={`${prefix}at`}>
          {tr("actions.snooze.atSubmit")}
        </button>
      </div>
    </details>
  );
}

export function MessageList({ lang, timeZone, result, params, back, options, notice, snooze, suggestionChips }: MessageListProps) {
  const tr = translator(lang);
  const texts = rowTexts(lang);
  // The message page keeps the list it came from (its next/previous and "back"): the list's query string, URI-encoded (no HTML escaping needed).
  const listQuery = `?list=${encodeURIComponent(back.includes("?") ? back.slice(back.indexOf("?") + 1) : "")}`;
  // Each tag's chip once per page, not once per row it is on.
  const tagChips = new Map(options.tags.map((tag) => [tag.id, `<span class="${tagClass(tag.colour)}">${escapeHtml(tag.name)}</span>`]));
  return (
    <div id="message-list">
      {notice && <UndoNotice lang={lang} notice={notice} target="#message-list" />}
      <form method="post" action="/messages/bulk" hx-post="/messages/bulk" hx-target="#message-list" hx-swap="outerHTML" id="bulk-form">
        <input type="hidden" name="back" value={back} />
        <fieldset class="bulk-actions">
          <legend>{tr("list.bulk.label")}</legend>
          <ListActions lang={lang} params={params} snooze={snooze} />
          {bulkButtons(lang)}
          {options.folders.length > 0 && (
            <span class="move">
              <label for="bulk-folder">{tr("list.bulk.moveTarget")}</label>{" "}
              <select id="bulk-folder" name="folderId">
                {options.folders.map((folder) => (
                  <option value={folder.id}>{folderChoiceLabel(lang, folder)}</option>
                ))}
              </select>{" "}
              <button type="submit" name="action" value="move" data-action="move">
                {tr("list.bulk.move")}
              </button>
            </span>
          )}
          {options.tags.length > 0 && (
            <span class="move">
              <label for="bulk-tag">{tr("tags.bulk.tag")}</label>{" "}
              <select id="bulk-tag" name="tagId" aria-keyshortcuts="l">
                {options.tags.map((tag) => (
                  <option value={tag.id}>{tag.name}</option>
                ))}
              </select>{" "}
              <button type="submit" name="action" value="tag" data-action="tag">
                {tr("tags.bulk.add")}
              </button>
              <button type="submit" name="action" value="untag" data-action="untag">
                {tr("tags.bulk.remove")}
              </button>
            </span>
          )}
        </fieldset>
        <DataTable
          class="messages"
          head={tableHead(lang)}
          rows={result.messages}
          row={(message) => raw(rowHtml(texts, lang, timeZone, message, listQuery, tagChips, suggestionChips?.get(message.id)))}
          empty={result.searchTooShort ? tr("list.searchTooShort") : tr("list.empty")}
        />
      </form>
      <nav class="pager" aria-label={tr("list.pages")}>
        {result.previous && (
          <a rel="prev" href={listHref("/messages", params, { before: result.previous })}>
            {tr("list.previous")}
          </a>
        )}{" "}
        {result.next && (
          <a rel="next" href={listHref("/messages", params, { after: result.next })}>
            {tr("list.next")}
          </a>
        )}
      </nav>
    </div>
  );
}
