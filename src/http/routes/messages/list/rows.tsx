/**
 * The list itself inside the bulk-action form: a checkbox per row, the
 * actions for the selection, and the page links. htmx posts the form and
 * swaps this block (#message-list); without JavaScript the post redirects
 * back to the same list.
 */
import type { Lang, MessageKey } from "../../../../i18n/messages.ts";
import { translator } from "../../../../i18n/messages.ts";
import type { MessagePage, MessageSummary } from "../../../../search/list-messages.ts";
import { listHref, type ListParams } from "../../../../search/list-query.ts";
import { formatDateTime } from "../../../../../views/format.ts";
import type { FilterOptions } from "./options.ts";

const BULK_ACTIONS = ["done", "undone", "read", "unread", "flag", "unflag", "trash"] as const;

/** Number formatters by language and unit, built once (one per row cost more than the row). */
const sizeFormats = new Map<string, Intl.NumberFormat>();

function formatSize(bytes: number, lang: Lang): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "megabyte"] : [Math.max(bytes / 1024, 0.1), "kilobyte"];
  const key = `${lang}:${unit}`;
  let format = sizeFormats.get(key);
  if (!format) sizeFormats.set(key, (format = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { style: "unit", unit, maximumFractionDigits: 1 })));
  return format.format(value);
}

function Row({ lang, message }: { lang: Lang; message: MessageSummary }) {
  const tr = translator(lang);
  const subject = message.subject === null ? tr("list.unreadable") : message.subject || tr("list.noSubject");
  const sender = message.from ? message.from.name || message.from.address : "";
  const light = message.analysis?.trafficLight;
  return (
    <tr data-message-id={message.id} class={message.seen ? "seen" : "unseen"} data-light={light ?? "none"}>
      <td class="select">
        <input type="checkbox" name="id" value={message.id} aria-label={tr("list.selectOne", { subject })} />
      </td>
      <td class="priority">
        {message.analysis ? (
          <span class={`light light-${light}`} title={tr(`list.light.${light}` as MessageKey)}>
            <span class="visually-hidden">{tr(`list.light.${light}` as MessageKey)} </span>
            {message.analysis.score}
          </span>
        ) : (
          <span class="light light-none" title={tr("list.noAnalysis")}>
            –
          </span>
        )}
      </td>
      <td class="from" title={message.from?.address}>
        {sender}
      </td>
      <td class="subject">
        <a href={`/messages/${message.id}`}>{subject}</a>
      </td>
      <td class="date">
        <time datetime={message.date.toISOString()}>{formatDateTime(message.date, lang)}</time>
      </td>
      <td class="size">{formatSize(message.size, lang)}</td>
      <td class="state">
        {!message.seen && <span class="badge unread">{tr("list.unread")}</span>}
        {message.flagged && <span class="badge flagged" title={tr("list.flagged")}>⚑<span class="visually-hidden">{tr("list.flagged")}</span></span>}
        {message.hasAttachments && <span class="badge attachment" title={tr("list.attachment")}>📎<span class="visually-hidden">{tr("list.attachment")}</span></span>}
        {message.answered && <span class="badge answered">{tr("list.answered")}</span>}
        {message.doneAt && <span class="badge done">{tr("list.doneMark")}</span>}
      </td>
    </tr>
  );
}

export interface MessageListProps {
  lang: Lang;
  result: MessagePage;
  params: ListParams;
  /** The list's own address (filters, sort and position): where a bulk action returns to. */
  back: string;
  options: FilterOptions;
  notice?: string;
}

export function MessageList({ lang, result, params, back, options, notice }: MessageListProps) {
  const tr = translator(lang);
  return (
    <div id="message-list">
      {notice && (
        <div class="notice" role="status">
          {notice}
        </div>
      )}
      <form method="post" action="/messages/bulk" hx-post="/messages/bulk" hx-target="#message-list" hx-swap="outerHTML" id="bulk-form">
        <input type="hidden" name="back" value={back} />
        <fieldset class="bulk-actions">
          <legend>{tr("list.bulk.label")}</legend>
          {BULK_ACTIONS.map((action) => (
            <button type="submit" name="action" value={action} data-action={action}>
              {tr(`list.bulk.${action}` as MessageKey)}
            </button>
          ))}
          {options.folders.length > 0 && (
            <span class="move">
              <label for="bulk-folder">{tr("list.bulk.moveTarget")}</label>{" "}
              <select id="bulk-folder" name="folderId">
                {options.folders.map((folder) => (
                  <option value={folder.id}>{folder.label}</option>
                ))}
              </select>{" "}
              <button type="submit" name="action" value="move" data-action="move">
                {tr("list.bulk.move")}
              </button>
            </span>
          )}
        </fieldset>
        {result.messages.length === 0 ? (
          <p class="empty">{result.searchTooShort ? tr("list.searchTooShort") : tr("list.empty")}</p>
        ) : (
          <table class="list messages">
            <thead>
              <tr>
                <th class="select">
                  <input type="checkbox" class="select-all" aria-label={tr("list.selectAll")} />
                </th>
                <th>{tr("list.col.priority")}</th>
                <th>{tr("list.col.from")}</th>
                <th>{tr("list.col.subject")}</th>
                <th>{tr("list.col.date")}</th>
                <th>{tr("list.col.size")}</th>
                <th>{tr("list.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {result.messages.map((message) => (
                <Row lang={lang} message={message} />
              ))}
            </tbody>
          </table>
        )}
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
