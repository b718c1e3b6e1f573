/**
 * The periodic full sync, the safety net behind IDLE (which only watches
 * INBOX): every enabled account whose last full sync started more than
 * SYNC_POLL_INTERVAL_MIN ago. Strict-mode users only while signed in.
 */
import { dataKeyReachable } from "../../auth/data-key-access.ts";
import type { Config } from "../../config.ts";
import type { Sql } from "../../db/connection.ts";
import { requestSync } from "./request.ts";

export async function accountsDueForFullSync(sql: Sql, config: Config): Promise<{ id: string; userId: string }[]> {
  return await sql<{ id: string; userId: string }[]>`
    select a.id, a.user_id as "userId" from mail_accounts a join users u on u.id = a.user_id
    where a.enabled and a.kind = 'imap' and a.status <> 'auth_failed' and u.status = 'active'
      and (a.last_full_sync_started_at is null or a.last_full_sync_started_at < now() - make_interval(mins => ${config.SYNC_POLL_INTERVAL_MIN}))
      and ${dataKeyReachable(sql, config)}`;
}

/** Queues a full sync of every account due for one (the `sync_all_accounts` job); returns how many. */
export async function requestDueSyncs(sql: Sql, config: Config): Promise<number> {
  const due = await accountsDueForFullSync(sql, config);
  for (const account of due) await requestSync(sql, account, "all");
  return due.length;
}
