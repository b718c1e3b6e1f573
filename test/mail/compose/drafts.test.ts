/**
 * The drafts store against the real database: encrypted content bound to
 * its draft, scoped by owner, the send link, and removeSentDrafts (the
 * drafts whose message is sent are hidden and their server copies queued
 * for removal).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { decryptText, DecryptError } from "../../../src/crypto/aead.ts";
import { createDraft, draftBinding, getDraft, listDrafts, markDraftSending, removeSentDrafts, reopenDraftOfSend, type DraftContent } from "../../../src/mail/compose/drafts.ts";
import { createMailAccount } from "../../../src/mail/accounts/store.ts";
import { openTestApp } from "../../support/test-app.ts";
import { createTestUser } from "../../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const content: DraftContent = { accountId: null, to: "anna@example.org", cc: "", bcc: "", subject: "Angebot", body: "Sehr geehrte Frau Beispiel,", mode: "new" };

describe("drafts", () => {
  test("content is encrypted and bound to its draft; another user reads nothing", async () => {
    const anna = await createTestUser(services);
    const bernd = await createTestUser(services);
    const draft = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const other = await createDraft(db.sql, anna.dataKey, anna.user.id, { ...content, subject: "Zweiter" });
    const [row] = await db.sql<{ box: Uint8Array }[]>`select content_encrypted as box from drafts where id = ${draft.id}`;
    expect(JSON.parse(decryptText(anna.dataKey, row!.box, draftBinding(anna.user.id, draft.id))).body).toBe(content.body);
    // Moved onto another draft's row, the ciphertext does not open.
    expect(() => decryptText(anna.dataKey, row!.box, draftBinding(anna.user.id, other.id))).toThrow(DecryptError);
    expect(await getDraft(db.sql, bernd.dataKey, bernd.user.id, draft.id)).toBeUndefined();
    expect(await listDrafts(db.sql, bernd.dataKey, bernd.user.id)).toEqual([]);
    // Another user's account is not taken.
    const foreign = await createDraft(db.sql, bernd.dataKey, bernd.user.id, { ...content, accountId: crypto.randomUUID() });
    expect((await db.sql`select account_id from drafts where id = ${foreign.id}`)[0]!.account_id).toBeNull();
  });

  test("a queued send hides its draft; undone or failed, it is back", async () => {
    const anna = await createTestUser(services);
    const draft = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const sendId = crypto.randomUUID();
    await markDraftSending(db.sql, anna.user.id, draft.id, sendId);
    expect(await listDrafts(db.sql, anna.dataKey, anna.user.id)).toEqual([]);
    expect(await reopenDraftOfSend(db.sql, crypto.randomUUID(), sendId)).toBeUndefined();
    expect(await reopenDraftOfSend(db.sql, anna.user.id, sendId)).toBe(draft.id);
    expect((await listDrafts(db.sql, anna.dataKey, anna.user.id)).map((entry) => entry.id)).toEqual([draft.id]);
  });

  test("removeSentDrafts removes the user's drafts whose message was sent, and queues their server copies' removal", async () => {
    const anna = await createTestUser(services);
    const bernd = await createTestUser(services);
    const sent = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const failed = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const theirs = await createDraft(db.sql, bernd.dataKey, bernd.user.id, content);
    expect(await removeSentDrafts(db.sql, anna.user.id)).toBe(0);
    const account = async (user: typeof anna) =>
      (await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "Privat", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" })).id;
    const outgoing = async (user: typeof anna, accountId: string, draftId: string, status: string) => {
      await db.sql`
        insert into outgoing_messages (user_id, account_id, status, send_after, mime_encrypted, envelope_encrypted, mime_bytes, recipients_count, message_id_header, draft_id)
        values (${user.user.id}, ${accountId}, ${status}, now(), '\\x00', '\\x00', 1, 1, '<x@example.org>', ${draftId})`;
    };
    const annasAccount = await account(anna);
    await outgoing(anna, annasAccount, sent.id, "sent");
    await outgoing(anna, annasAccount, failed.id, "failed");
    await outgoing(bernd, await account(bernd), theirs.id, "sent");
    expect(await removeSentDrafts(db.sql, anna.user.id)).toBe(1);
    expect((await listDrafts(db.sql, anna.dataKey, anna.user.id)).map((draft) => draft.id)).toEqual([failed.id]);
    expect((await listDrafts(db.sql, bernd.dataKey, bernd.user.id)).map((draft) => draft.id)).toEqual([theirs.id]);
    const [job] = await db.sql`select payload from graphile_worker._private_jobs where key = ${`draft-copy:${sent.id}`}`;
    expect(job!.payload).toEqual({ draftId: sent.id, userId: anna.user.id });
  });
});
