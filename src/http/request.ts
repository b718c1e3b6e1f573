/**
 * What a request carries, read once for every route: the acting user's
 * account (another user's account id answers 404 exactly like an id that
 * does not exist), their data key, and whether htmx sent it. Pages and the
 * JSON API share these, so neither imports the other's folder.
 */
import type { Context } from "hono";
import { dataKeyForSession, DataKeyUnavailableError } from "../auth/data-key-access.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { getMailAccount, type MailAccount } from "../mail/accounts/store.ts";
import type { AppEnv, AppServices } from "./env.ts";
import { AppError } from "./errors.ts";
import { actingSession, actingUser } from "./middleware/auth.ts";

/** The acting user's account named by the request; 404 for another user's or an unknown id. */
export async function ownAccount(c: Context<AppEnv>, { sql }: AppServices, accountId: string | undefined): Promise<MailAccount> {
  const account = accountId ? await getMailAccount(sql, actingUser(c).id, accountId) : undefined;
  if (!account) throw new AppError("NOT_FOUND", "no such mail account");
  return account;
}

/** Data keys opened for requests in flight, so the parts of one page that need it open it once. */
const openedForRequest = new WeakMap<Request, SecretKey>();

function openDataKey(c: Context<AppEnv>, { keyring }: AppServices): SecretKey {
  try {
    return dataKeyForSession(keyring, actingSession(c));
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) throw new AppError("UNAUTHORIZED", error.message);
    throw error;
  }
}

/** The acting user's data key; a session that lost it must sign in again. */
export async function requestDataKey(c: Context<AppEnv>, services: AppServices): Promise<SecretKey> {
  let opened = openedForRequest.get(c.req.raw);
  if (!opened) openedForRequest.set(c.req.raw, (opened = openDataKey(c, services)));
  return opened;
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
