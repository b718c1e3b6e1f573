/**
 * What a list request reads: its filters checked to be the user's, then the
 * page, and for a search whether the index may still miss mail. Shared by
 * the HTML list, the bulk action's answer and the JSON API.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { hasUnindexedMessages, requestIndexing } from "../search/index-messages.ts";
import { foreignFilter, listMessages, type MessagePage } from "./list.ts";
import type { ListQuery } from "./list-query.ts";

export interface LoadedList {
  query: ListQuery;
  page: MessagePage;
  /** A search, and some messages are not in the search index yet (their indexing has been asked for). */
  indexing: boolean;
}

/** The page, or which filter (account, folder or tag) is not the user's. */
export type ListResult = ({ ok: true } & LoadedList) | { ok: false; foreign: "account" | "folder" | "tag" };

/**
 * Messages of a large initial sync not yet indexed, or stored before the
 * search index existed, have no tokens: a search has their indexing queued
 * (again, for a strict-mode user the job had to leave until sign-in; one probe of a partial index that is empty once
 * everything is indexed) and says that it may miss mail until then. A list
 * without a search does not need the index and skips the probe.
 */
async function checkIndex(sql: Sql, userId: string): Promise<boolean> {
  if (!(await hasUnindexedMessages(sql, userId))) return false;
  await requestIndexing(sql, userId);
  return true;
}

/**
 * The page a parsed query asks for. The data key is opened only once the
 * filters are known to be the user's, so another user's id is "not found"
 * even for a session that lost its key.
 */
export async function loadMessageList(sql: Sql, userId: string, query: ListQuery, openDataKey: () => Promise<SecretKey>): Promise<ListResult> {
  const foreign = await foreignFilter(sql, userId, query.filters);
  if (foreign) return { ok: false, foreign };
  const dataKey = await openDataKey();
  const [page, indexing] = await Promise.all([listMessages(sql, dataKey, userId, query), query.filters.q ? checkIndex(sql, userId) : false]);
  return { ok: true, query, page, indexing };
}
