/** A user with a mail account on the private Dovecot, for sync tests. */
import type { KeyMode } from "../../../src/auth/users.ts";
import type { Services } from "../../../src/services.ts";
import { createMailAccount, type MailAccount } from "../../../src/mail/accounts/store.ts";
import { syncAccount, type SyncScope } from "../../../src/mail/sync/sync-account.ts";
import { ImapFlow } from "imapflow";
import { dovecot, imapFlowOptions, type Dovecot, type TestMailbox } from "../../support/dovecot.ts";
import { createTestUser, type TestUser } from "../../support/users.ts";

export interface SyncFixture {
  user: TestUser;
  box: TestMailbox;
  account: MailAccount;
  sync(scope?: SyncScope): ReturnType<typeof syncAccount>;
}

/** A user with one mail account on a fresh mailbox of `server` (the run's shared Dovecot unless given). */
export async function syncFixture(services: Services, options: { budget?: number; server?: Dovecot; keyMode?: KeyMode } = {}): Promise<SyncFixture> {
  const server = options.server ?? (await dovecot());
  const box = server.createMailbox();
  const user = await createTestUser(services, { keyMode: options.keyMode });
  const account = await createMailAccount(services.sql, user.dataKey, user.user.id, {
    label: "Test",
    host: box.host,
    port: box.tlsPort,
    security: "tls",
    tlsCa: box.ca,
    username: box.user,
    password: box.password,
    connectionBudget: options.budget,
  });
  return {
    user,
    box,
    account,
    sync: (scope = "all") => syncAccount(services, { accountId: account.id, userId: user.user.id, scope, holder: "test" }),
  };
}

/** Another client changing the mailbox behind the app's back (Thunderbird, a phone), logged out after `work`. */
export async function withClient<T>(fixture: Pick<SyncFixture, "box">, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow(imapFlowOptions(fixture.box));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}
