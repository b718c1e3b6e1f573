/** The message list page: search and filters, the list with its bulk actions, and the shortcut help. */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { assetUrls } from "../assets.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { FilterForm } from "./list-filters.tsx";
import { SearchEmpty } from "./search-empty.tsx";
import { ShortcutHelp } from "./shortcut-help.tsx";
import { MessageList, type MessageListProps } from "./list-rows.tsx";

export function MessageListPage({ page, indexing, ...list }: Omit<MessageListProps, "lang" | "timeZone"> & { page: PageContext; indexing: boolean }) {
  const tr = translator(page.lang as Lang);
  return (
    <Layout page={page} title={tr("list.title")}>
      <link rel="stylesheet" href={assetUrls.listStyles} />
      <script src={assetUrls.listScript} nonce={page.nonce} defer></script>
      <div class="list-header">
        <h1>{tr("list.title")}</h1>
        <span class="list-links">
          <a href="/actions">{tr("actions.recent.title")}</a>{" "}
          <button type="button" class="link" id="shortcut-help-open" aria-haspopup="dialog" aria-keyshortcuts="?">
            {tr("list.shortcuts.button")}
          </button>
        </span>
      </div>
      <FilterForm lang={page.lang} params={list.params} options={list.options} />
      {/* A search over an index with holes would miss mail silently: say so. */}
      {indexing && list.params.q && (
        <p class="hint indexing" role="status">
          {tr("list.indexing")}
        </p>
      )}
      {/* A search that found nothing (on its first page) says what to try. */}
      {list.params.q && list.result.messages.length === 0 && !list.result.searchTooShort && !list.result.next && !list.result.previous && <SearchEmpty lang={page.lang} params={list.params} />}
      <MessageList lang={page.lang} timeZone={page.timeZone} {...list} />
      <ShortcutHelp lang={page.lang} />
    </Layout>
  );
}
