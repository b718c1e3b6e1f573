/**
 * Reading a list request: the query parsed (a malformed one is BAD_REQUEST
 * naming the parameters), another user's account/folder/tag id answered
 * 404 like one that does not exist, then the page. Shared by the HTML page,
 * the bulk action's answer and the JSON API.
 */
import type { Context } from "hono";
import type { Sql } from "../../../../db/connection.ts";
import { hasUnindexedMessages, requestIndexing } from "../../../../search/backfill.ts";
import { foreignFilter, listMessages, type MessagePage } from "../../../../search/list-messages.ts";
import { InvalidListQueryError, parseListQuery, type ListQuery } from "../../../../search/list-query.ts";
import type { AppEnv, AppServices } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";

export interface LoadedList {
  query: ListQuery;
  page: MessagePage;
  /** A search, and some messages are not in the search index yet (the backfill has been asked for). */
  indexing: boolean;
}

export function readListQuery(raw: Record<string, string | undefined>): ListQuery {
  try {
    return parseListQuery(raw);
  } catch (error) {
    if (error instanceof InvalidListQueryError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

/**
 * Messages stored before the search index existed have no tokens: a search
 * has the backfill queued (one probe of a partial index that is empty once
 * everything is indexed) and says that it may miss mail until then. A list
 * without a search does not need the index and skips the probe.
 */
async function checkIndex(sql: Sql, userId: string): Promise<boolean> {
  if (!(await hasUnindexedMessages(sql, userId))) return false;
  await requestIndexing(sql, userId);
  return true;
}

export async function loadList(c: Context<AppEnv>, services: AppServices, raw: Record<string, string | undefined>): Promise<LoadedList> {
  const query = readListQuery(raw);
  const userId = actingUser(c).id;
  const foreign = await foreignFilter(services.sql, userId, query.filters);
  if (foreign) throw new AppError("NOT_FOUND", `no such ${foreign}`);
  const dataKey = await requestDataKey(c, services);
  const [page, indexing] = await Promise.all([listMessages(services.sql, dataKey, userId, query), query.filters.q ? checkIndex(services.sql, userId) : false]);
  return { query, page, indexing };
}
