/**
 * A user whose own address is the From of a Sent folder on the test
 * Dovecot, with one conversation of each kind "waiting for reply" tells
 * apart, synced into the app.
 */
import type { Services } from "../../../src/services.ts";
import { createMailAccount } from "../../../src/mail/accounts/store.ts";
import { syncAccount } from "../../../src/mail/sync/sync-account.ts";
import { decryptText } from "../../../src/crypto/aead.ts";
import { messageBinding, readHeaders } from "../../../src/inbox/message.ts";
import { makeMessage, type Dovecot } from "../../support/dovecot.ts";
import { createTestUser, type TestUser } from "../../support/users.ts";
import type { MailAccount } from "../../../src/mail/accounts/store.ts";

const DAY = 86_400_000;

export interface WaitingMailbox {
  fixture: { user: TestUser; account: MailAccount; sync(): ReturnType<typeof syncAccount> };
  /** The user's address (their sign-in address, so it counts as their own). */
  me: string;
  /** Message and thread ids by subject. */
  ids: Record<string, { id: string; threadId: string }>;
  /** Delivers an answer to the sent message of this subject into the INBOX (sync to see it). */
  answer(subject: string): void;
}

/**
 * Sent: "Angebot Gartenhaus" (5 days, to anna: waits), "Frage zum Termin"
 * (2 days, to bob: waits with 1 day), "Re: Rechnung März" (answered by carl
 * afterwards), "Notiz an mich" (to the user's own address), "Kündigung"
 * (to a no-reply address). INBOX: carl's invoice and answer, a list post of
 * the user's coming back from the list, a stranger's unanswered mail.
 */
export async function seedWaitingMailbox(services: Services, server: Dovecot): Promise<WaitingMailbox> {
  const box = server.createMailbox();
  const me = `me-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const user = await createTestUser(services, { email: me });
  const account = await createMailAccount(services.sql, user.dataKey, user.user.id, {
    label: "Test",
    host: box.host,
    port: box.tlsPort,
    security: "tls",
    tlsCa: box.ca,
    username: box.user,
    password: box.password,
  });
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);
  const messageIds: Record<string, string> = {};
  const mail = (folder: string, days: number, m: { from: string; to: string; subject: string; inReplyTo?: string; headers?: Record<string, string> }) => {
    const messageId = `<${crypto.randomUUID()}@mailhelper.test>`;
    messageIds[m.subject] = messageId;
    const headers = { ...m.headers, ...(m.inReplyTo ? { "In-Reply-To": m.inReplyTo, References: m.inReplyTo } : {}) };
    server.seedMaildir(box.user, folder, [
      { raw: makeMessage({ from: m.from, to: m.to, subject: m.subject, body: `${m.subject}\n\nViele Grüße`, messageId, date: ago(days), headers }), flags: "S", internalDate: ago(days) },
    ]);
  };
  mail("Sent", 5, { from: `Me <${me}>`, to: "Anna <anna@example.net>", subject: "Angebot Gartenhaus" });
  mail("Sent", 2, { from: me, to: "bob@example.net", subject: "Frage zum Termin" });
  mail("INBOX", 10, { from: "carl@example.net", to: me, subject: "Rechnung März" });
  mail("Sent", 8, { from: me, to: "carl@example.net", subject: "Re: Rechnung März", inReplyTo: messageIds["Rechnung März"] });
  mail("INBOX", 6, { from: "carl@example.net", to: me, subject: "Re: Re: Rechnung März", inReplyTo: messageIds["Re: Rechnung März"] });
  mail("Sent", 5, { from: me, to: me.replace("@", "+notes@"), subject: "Notiz an mich" });
  mail("Sent", 5, { from: me, to: "no-reply@shop.example", subject: "Kündigung" });
  mail("INBOX", 5, { from: me, to: "verein@lists.example", subject: "[Verein] Treffen", headers: { "List-Id": "<verein.lists.example>" } });
  mail("INBOX", 5, { from: "dora@example.net", to: me, subject: "Unbeantwortet" });

  const sync = () => syncAccount(services, { accountId: account.id, userId: user.user.id, scope: "all", holder: "test" });
  await sync();
  const rows = await services.sql<{ id: string; threadId: string; headers: Uint8Array }[]>`
    select id, thread_id as "threadId", headers_encrypted as headers from messages where account_id = ${account.id}`;
  const ids: WaitingMailbox["ids"] = {};
  for (const row of rows) ids[readHeaders(decryptText(user.dataKey, row.headers, messageBinding(user.user.id, row.id, "message-headers"))).subject] = { id: row.id, threadId: row.threadId };
  return {
    fixture: { user, account, sync },
    me,
    ids,
    answer: (subject) => mail("INBOX", 0, { from: "someone@example.net", to: me, subject: `Re: ${subject}`, inReplyTo: messageIds[subject] }),
  };
}
