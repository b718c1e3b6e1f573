/**
 * What a request carries, read once for every route: the acting user's
 * account or message (another user's id answers 404 exactly like an id that
 * does not exist), their data key, the message list it asks for, and
 * whether htmx sent it. Pages and the
 * JSON API share these, so neither imports the other's folder.
 */
import type { Services } from "../services.ts";
import type { Context } from "hono";
import { dataKeyForBackgroundWork, dataKeyForSession, DataKeyUnavailableError } from "../auth/data-key-access.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { InvalidListQueryError, parseListQuery, type ListQuery } from "../inbox/list-query.ts";
import { loadMessageList, type LoadedList } from "../inbox/list-page.ts";
import { findMessage, openMessage, type OwnMessage } from "../inbox/message.ts";
import { getMailAccount, type MailAccount } from "../mail/accounts/store.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { actingSession, actingUser } from "./middleware/auth.ts";

/** The acting user's account named by the request; 404 for another user's or an unknown id. */
export async function ownAccount(c: Context<AppEnv>, { sql }: Services, accountId: string | undefined): Promise<MailAccount> {
  const account = accountId ? await getMailAccount(sql, actingUser(c).id, accountId) : undefined;
  if (!account) throw new AppError("NOT_FOUND", "no such mail account");
  return account;
}

/** The acting user's message, decrypted; 404 for another user's id, a malformed one and a message that is gone alike. */
export async function ownMessage(c: Context<AppEnv>, services: Services, messageId: string | undefined): Promise<OwnMessage> {
  const userId = actingUser(c).id;
  const stored = messageId ? await findMessage(services.sql, userId, messageId) : undefined;
  if (!stored) throw new AppError("NOT_FOUND", "no such message");
  return openMessage(stored, await requestDataKey(c, services));
}

/** Data keys opened for requests in flight, so the parts of one page that need it open it once. */
const openedForRequest = new WeakMap<Request, SecretKey>();

function openDataKey(c: Context<AppEnv>, { keyring }: Services): SecretKey {
  try {
    return dataKeyForSession(keyring, actingSession(c));
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) throw new AppError("UNAUTHORIZED", error.message);
    throw error;
  }
}

/**
 * An API token carries no key of its own: it gets the user's data key as
 * background jobs do, from the master-key wrap in background mode. In strict
 * mode a token never opens the key by itself: it works only while the user
 * has a live signed-in session (the key that session holds), otherwise
 * DATA_KEY_UNAVAILABLE (409).
 */
async function openDataKeyForToken(c: Context<AppEnv>, { sql, keyring, config }: Services): Promise<SecretKey> {
  try {
    return await dataKeyForBackgroundWork(sql, keyring, config, actingUser(c).id);
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) {
      throw new AppError("DATA_KEY_UNAVAILABLE", "your data key is kept only while you are signed in (strict key mode): sign in in a browser, then retry");
    }
    throw error;
  }
}

/** The acting user's data key; a session that lost it must sign in again. */
export async function requestDataKey(c: Context<AppEnv>, services: Services): Promise<SecretKey> {
  let opened = openedForRequest.get(c.req.raw);
  if (!opened) openedForRequest.set(c.req.raw, (opened = c.get("apiToken") ? await openDataKeyForToken(c, services) : openDataKey(c, services)));
  return opened;
}

/** The message list query a request carries; a malformed one is BAD_REQUEST naming the parameters. */
export function readListQuery(raw: Record<string, string | undefined>): ListQuery {
  try {
    return parseListQuery(raw);
  } catch (error) {
    if (error instanceof InvalidListQueryError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

/** The list page a request asks for; another user's account/folder/tag id answers 404 like one that does not exist. */
export async function loadList(c: Context<AppEnv>, services: Services, raw: Record<string, string | undefined>): Promise<LoadedList> {
  const query = readListQuery(raw);
  const result = await loadMessageList(services.sql, actingUser(c).id, query, () => requestDataKey(c, services));
  if (!result.ok) throw new AppError("NOT_FOUND", `no such ${result.foreign}`);
  return { query: result.query, page: result.page, indexing: result.indexing };
}

/** An htmx request wants a fragment (or an HX header) where a plain form post gets a redirect. */
export const isHtmx = (c: Context) => c.req.header("hx-request") === "true";

/** The account a filter names, among the user's (already listed); another user's id (or one that does not exist) answers 404. */
export function ownAccountOf(filter: { accountId?: string }, accounts: MailAccount[]): MailAccount | undefined {
  if (!filter.accountId) return undefined;
  const account = accounts.find((entry) => entry.id === filter.accountId);
  if (!account) throw new AppError("NOT_FOUND", "no such mail account");
  return account;
}
