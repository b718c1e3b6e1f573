/** Address completions as a page, for a browser that asks for /compose/addresses itself (the form asks through htmx for a <datalist>). */
import { translator } from "../../src/i18n/messages.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function AddressSuggestionsPage({ page, typed, suggestions }: { page: PageContext; typed: string; suggestions: string[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("compose.addresses.title")}>
      <h1>{tr("compose.addresses.title")}</h1>
      <form method="get" action="/compose/addresses">
        <div class="field">
          <label for="address-query">{tr("compose.addresses.query")}</label>
          <input id="address-query" name="q" type="search" value={typed} autocomplete="off" />
        </div>
        <button type="submit">{tr("compose.addresses.search")}</button>
      </form>
      {suggestions.length > 0 ? (
        <ul class="mh-address-suggestions">
          {suggestions.map((entry) => (
            <li>
              <a href={`/compose?to=${encodeURIComponent(entry)}`}>{entry}</a>
            </li>
          ))}
        </ul>
      ) : (
        typed && <p>{tr("compose.addresses.none")}</p>
      )}
    </Layout>
  );
}
