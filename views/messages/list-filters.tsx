/** The filter and search form: a plain GET form, so filtering works without JavaScript and every list is a link. */
import { folderChoiceLabel } from "../folder-name.ts";
import { CATEGORIES } from "../../src/analysis/types.ts";
import type { Lang, MessageKey } from "../../src/i18n/messages.ts";
import { translator } from "../../src/i18n/messages.ts";
import type { ListParams } from "../../src/inbox/list-query.ts";
import { DONE_STATES, SORTS, TRAFFIC_LIGHTS } from "../../src/inbox/list-query.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../src/search/limits.ts";
import type { FilterOptions } from "../../src/inbox/filter-options.ts";
import { raw } from "hono/html";
import { escapeHtml } from "../html-text.ts";

type Option = { value: string; label: string };

/** A labelled select; written as a string, like the list's rows, as the form has some fifty options (views/html-text.ts). */
function Select({ name, label, options, value, any }: { name: keyof ListParams; label: string; options: Option[]; value: string | undefined; any?: string }) {
  const choices = options.map((option) => `<option value="${escapeHtml(option.value)}"${option.value === value ? ' selected=""' : ""}>${escapeHtml(option.label)}</option>`);
  const anyChoice = any === undefined ? "" : `<option value="">${escapeHtml(any)}</option>`;
  return raw(`<div class="field"><label for="filter-${name}">${escapeHtml(label)}</label><select id="filter-${name}" name="${name}">${anyChoice}${choices.join("")}</select></div>`);
}

export function FilterForm({ lang, params, options }: { lang: Lang; params: ListParams; options: FilterOptions }) {
  const tr = translator(lang);
  const yesNo = [
    { value: "yes", label: tr("list.yes") },
    { value: "no", label: tr("list.no") },
  ];
  const cells = [3, 2, 1].flatMap((urgency) =>
    [3, 2, 1].map((importance) => ({ value: `${urgency},${importance}`, label: tr("list.cell", { urgency: String(urgency), importance: String(importance) }) })),
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers this page still serves; the role says the same
    <form class="list-filters" method="get" action="/messages" role="search">
      <div class="field search">
        <label for="filter-q">{tr("list.search.label")}</label>
        <input id="filter-q" name="q" type="search" value={params.q} maxlength={MAX_SEARCH_QUERY_CHARS} autocomplete="off" spellcheck={false} aria-describedby="filter-q-hint" />
        <small id="filter-q-hint" class="hint search-hint">
          {tr("list.search.help")}
        </small>
      </div>
      {/* No choice: open mail, or all of it for a search (src/inbox/list-query.ts). */}
      <Select
        name="done"
        label={tr("list.filter.done")}
        value={params.done}
        any={tr("list.done.auto")}
        options={DONE_STATES.map((state) => ({ value: state, label: tr(`list.done.${state}` as MessageKey) }))}
      />
      <Select name="sort" label={tr("list.sort")} value={params.sort ?? "priority"} options={SORTS.map((sort) => ({ value: sort, label: tr(`list.sort.${sort}` as MessageKey) }))} />
      <details open={Object.keys(params).some((name) => !["q", "done", "sort"].includes(name)) || undefined}>
        <summary>{tr("list.filters")}</summary>
        <div class="filter-grid">
          <Select
            name="light"
            label={tr("list.filter.light")}
            value={params.light}
            any={tr("list.any")}
            options={TRAFFIC_LIGHTS.map((light) => ({ value: light, label: tr(`list.light.${light}` as MessageKey) }))}
          />
          <Select name="cell" label={tr("list.filter.cell")} value={params.cell} any={tr("list.any")} options={cells} />
          <Select
            name="category"
            label={tr("list.filter.category")}
            value={params.category}
            any={tr("list.any")}
            options={CATEGORIES.map((category) => ({ value: category, label: tr(`message.category.${category}`) }))}
          />
          <Select
            name="account"
            label={tr("list.filter.account")}
            value={params.account}
            any={tr("list.any")}
            options={options.accounts.map((account) => ({ value: account.id, label: account.label }))}
          />
          <Select
            name="folder"
            label={tr("list.filter.folder")}
            value={params.folder}
            any={tr("list.any")}
            options={options.folders.map((folder) => ({ value: folder.id, label: folderChoiceLabel(lang, folder) }))}
          />
          {options.tags.length > 0 && (
            <Select name="tag" label={tr("list.filter.tag")} value={params.tag} any={tr("list.any")} options={options.tags.map((tag) => ({ value: tag.id, label: tag.name }))} />
          )}
          <Select name="read" label={tr("list.filter.read")} value={params.read} any={tr("list.any")} options={yesNo} />
          <Select name="flagged" label={tr("list.filter.flagged")} value={params.flagged} any={tr("list.any")} options={yesNo} />
          <Select name="attachments" label={tr("list.filter.attachments")} value={params.attachments} any={tr("list.any")} options={yesNo} />
          <div class="field">
            <label for="filter-from">{tr("list.filter.from")}</label>
            <input id="filter-from" name="from" type="date" value={params.from} />
          </div>
          <div class="field">
            <label for="filter-to">{tr("list.filter.to")}</label>
            <input id="filter-to" name="to" type="date" value={params.to} />
          </div>
          <div class="field">
            <label for="filter-language">{tr("list.filter.language")}</label>
            <input id="filter-language" name="language" type="text" value={params.language} maxlength={2} pattern="[a-z]{2}" aria-describedby="filter-language-hint" />
            <small id="filter-language-hint" class="hint">
              {tr("list.filter.languageHint")}
            </small>
          </div>
        </div>
      </details>
      <div class="filter-actions">
        <button type="submit">{tr("list.filter.submit")}</button> <a href="/messages">{tr("list.filter.reset")}</a>
      </div>
    </form>
  );
}
