/** Write-back tests: an account with messages on the private Dovecot, the action's two steps, and a second IMAP client. */
import type { Services } from "../../../src/services.ts";
import type { ImapFlow } from "imapflow";
import { applyMessageAction } from "../../../src/mail/actions/apply.ts";
import { requestMessageAction, type ActionRequest } from "../../../src/mail/actions/request.ts";
import { dovecot, makeMessage, type SeedMessage } from "../../support/dovecot.ts";
import type { TestDatabase } from "../../support/postgres.ts";
import { syncFixture, withClient, type SyncFixture } from "../sync/fixtures.ts";

export interface Journal {
  state: string;
  error: string | null;
  before: { folderId: string; path: string; uid: string; flags: string[] }[];
  after: { folderId: string; path: string; uid: number }[];
}

/** A raw message with no Message-ID header: identified by its bytes alone. */
export function messageWithoutId(subject: string, body: string): string {
  return `From: x@example.org\r\nTo: me@example.org\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
}

export function actionHelpers(db: TestDatabase, services: Services) {
  /** Seeds INBOX and syncs; `maxMessageBytes` caps what sync fetches of each message. */
  async function fixtureWith(messages: SeedMessage[], options: { maxMessageBytes?: number } = {}) {
    const fixture = await syncFixture(services);
    if (options.maxMessageBytes) await db.sql`update mail_accounts set max_message_bytes = ${options.maxMessageBytes} where id = ${fixture.account.id}`;
    (await dovecot()).seedMaildir(fixture.box.user, "INBOX", messages);
    await fixture.sync();
    return fixture;
  }

  const fixtureWithMessages = (count: number) =>
    fixtureWith(Array.from({ length: count }, (_, i) => makeMessage({ from: "x@example.org", to: "me@example.org", subject: `m${i}`, body: `b${i}`, messageId: `<act${i}@example.org>` })));

  const messageIdAt = async (fixture: SyncFixture, path: string, uid: number) =>
    (await db.sql`select c.message_id from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${fixture.account.id} and f.path = ${path} and c.uid = ${uid}`)[0]?.message_id as
      | string
      | undefined;

  const folderId = async (fixture: SyncFixture, path: string) => (await db.sql`select id from folders where account_id = ${fixture.account.id} and path = ${path}`)[0]!.id as string;

  async function request(fixture: SyncFixture, messageId: string, action: ActionRequest): Promise<string> {
    const requested = await requestMessageAction(db.sql, fixture.user.user.id, messageId, action);
    if (!requested.ok) throw new Error(requested.reason);
    return requested.journalId;
  }

  const apply = (fixture: SyncFixture, journalId: string) => applyMessageAction(services, { journalId, userId: fixture.user.user.id, holder: "test" });

  const journal = async (journalId: string) => (await db.sql<Journal[]>`select state, error, before, after from action_journal where id = ${journalId}`)[0]!;

  async function run(fixture: SyncFixture, messageId: string, action: ActionRequest) {
    const journalId = await request(fixture, messageId, action);
    const state = await apply(fixture, journalId);
    return { state, journal: await journal(journalId) };
  }

  /** What the server holds in `path`: UID → flags. */
  async function serverFlags(fixture: SyncFixture, path: string) {
    return await withClient(fixture, async (client) => {
      const lock = await client.getMailboxLock(path);
      try {
        return new Map((await client.fetchAll("1:*", { uid: true, flags: true })).map((message) => [message.uid, [...(message.flags ?? [])]]));
      } finally {
        lock.release();
      }
    });
  }

  const serverUids = async (fixture: SyncFixture, path: string) => [...(await serverFlags(fixture, path)).keys()];

  const queuedJobs = async (task: string) => (await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${task}`)[0]!.n as number;

  return { fixtureWith, fixtureWithMessages, messageIdAt, folderId, request, apply, journal, run, serverFlags, serverUids, queuedJobs };
}

/** Another client, in `path` opened read-write. */
export const inFolder = <T>(fixture: SyncFixture, path: string, work: (client: ImapFlow) => Promise<T>) =>
  withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      return await work(client);
    } finally {
      lock.release();
    }
  });
