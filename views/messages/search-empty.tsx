/**
 * What to try when a search found nothing, in words: leave out an operator,
 * check the spelling or type the start of a word, include spam or done mail,
 * drop the other filters. Each suggestion that is a different list is a link
 * to it, so it works without JavaScript.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { listHref, type ListParams } from "../../src/inbox/list-query.ts";
import { parseSearch } from "../../src/inbox/search-query.ts";

/** The query's words and phrases without its operators, phrases quoted again. */
function wordsOnly(q: string): string {
  return parseSearch(q)
    .text.map((text) => (/\s/.test(text) ? `"${text.replaceAll('"', "")}"` : text))
    .join(" ");
}

export function SearchEmpty({ lang, params }: { lang: Lang; params: ListParams }) {
  const tr = translator(lang);
  const q = params.q ?? "";
  const search = parseSearch(q);
  const words = wordsOnly(q);
  const otherFilters = Object.keys(params).some((name) => !["q", "sort", "done", "spam"].includes(name));
  return (
    <div class="search-empty" role="status">
      <p>{tr("list.searchEmpty.title")}</p>
      <ul>
        {search.operators > 0 && (
          <li>
            {tr("list.searchEmpty.operator")}
            {words && (
              <>
                {" "}
                <a href={listHref("/messages", { ...params, q: words })}>{tr("list.searchEmpty.wordsOnly")}</a>
              </>
            )}
          </li>
        )}
        <li>{tr("list.searchEmpty.spelling")}</li>
        {(params.spam ?? "no") === "no" && !params.folder && (
          <li>
            <a href={listHref("/messages", { ...params, spam: "all" })}>{tr("list.searchEmpty.spam")}</a> {tr("list.searchEmpty.spamFolder")}
          </li>
        )}
        {params.done && params.done !== "all" && (
          <li>
            <a href={listHref("/messages", { ...params, done: "all" })}>{tr("list.searchEmpty.done")}</a>
          </li>
        )}
        {otherFilters && (
          <li>
            <a href={listHref("/messages", { q, sort: params.sort })}>{tr("list.searchEmpty.filters")}</a>
          </li>
        )}
      </ul>
    </div>
  );
}
