/**
 * One leased, logged-in IMAP connection for a unit of work: the lease is
 * taken before connecting and given back after logging out, whatever happens.
 */
import type { ImapFlow } from "imapflow";
import type { Sql } from "../../db/connection.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import type { MailAccountConnection } from "../accounts/store.ts";
import { createImapClient } from "./client.ts";
import { classifyImapError } from "./errors.ts";
import { acquireImapLease } from "./leases.ts";

export async function withImapSession<T>(sql: Sql, account: MailAccountConnection, purpose: string, holder: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const lease = await acquireImapLease(sql, account.id, purpose, holder);
  let client: ImapFlow | undefined;
  try {
    try {
      client = await createImapClient(account, await loadOutboundPolicy(sql));
      await client.connect();
    } catch (error) {
      throw classifyImapError(error);
    }
    return await work(client);
  } finally {
    await client?.logout().catch(() => client?.close());
    await lease.release();
  }
}
