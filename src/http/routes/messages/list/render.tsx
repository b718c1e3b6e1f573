import type { Services } from "../../../../services.ts";
import type { Context } from "hono";
import { listHref } from "../../../../inbox/list-query.ts";
import { laterTodayOffered } from "../../../../mail/actions/snooze.ts";
import type { AppEnv } from "../../../env.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { pageContext } from "../../../page.ts";
import { loadList, requestDataKey } from "../../../request.ts";
import { filterOptions } from "../../../../inbox/filter-options.ts";
import { MessageList } from "../../../../../views/messages/list-rows.tsx";
import { MessageListPage } from "../../../../../views/messages/list-page.tsx";
import { bulkNotice } from "./bulk-notice.ts";
import { pendingSuggestions } from "../../../../rules/pending-suggestions.ts";
import { ruleSuggestionChips } from "../../../../../views/rules/suggestion-box.tsx";

/**
 * Renders the list for a query: the page, or (for htmx, after a bulk action)
 * the list block alone. `noticeParams`: the outcome of the action just done
 * (./bulk-notice.ts), shown above the list with its undo.
 */
export async function renderMessageList(c: Context<AppEnv>, services: Services, raw: Record<string, string | undefined>, noticeParams: Record<string, string | undefined> = {}, fragment = false) {
  const userId = actingUser(c).id;
  const dataKey = await requestDataKey(c, services);
  const [{ query, page, indexing }, options] = await Promise.all([loadList(c, services, raw), filterOptions(services.sql, dataKey, userId)]);
  // The rows' open rule suggestions, in one query for the page.
  const suggestionChips = ruleSuggestionChips(c.get("lang"), await pendingSuggestions(services.sql, dataKey, userId, { messageIds: page.messages.map((message) => message.id) }));
  const timeZone = pageContext(c).timeZone;
  const back = listHref("/messages", query.params, raw.after ? { after: raw.after } : raw.before ? { before: raw.before } : undefined);
  const notice = bulkNotice(c.get("lang"), noticeParams, back, timeZone, options.tags);
  const snooze = { laterToday: laterTodayOffered(new Date(), timeZone) };
  // Decrypted mail: never in a shared cache, nor in the browser's.
  c.header("Cache-Control", "no-store");
  // htmx swaps #message-list only: it gets just that block.
  if (fragment)
    return c.html(
      <MessageList
        lang={c.get("lang")}
        timeZone={pageContext(c).timeZone}
        result={page}
        params={query.params}
        back={back}
        options={options}
        notice={notice}
        snooze={snooze}
        suggestionChips={suggestionChips}
      />,
    );
  return c.html(
    <MessageListPage page={pageContext(c)} result={page} params={query.params} back={back} options={options} notice={notice} snooze={snooze} indexing={indexing} suggestionChips={suggestionChips} />,
  );
}
