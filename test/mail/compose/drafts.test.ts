/**
 * The drafts store against the real database: encrypted content bound to
 * its draft, scoped by owner, the send link, and removeSentDrafts (a no-op
 * without the sending core's table; with a table of its shape, the drafts
 * whose message is sent are hidden and their server copies queued for removal).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { decryptText, DecryptError } from "../../../src/crypto/aead.ts";
import { createDraft, draftBinding, getDraft, listDrafts, markDraftSending, removeSentDrafts, reopenDraftOfSend, type DraftContent } from "../../../src/mail/compose/drafts.ts";
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

  test("removeSentDrafts does nothing without outgoing_messages, and removes the sent ones of the user when it exists", async () => {
    const anna = await createTestUser(services);
    const bernd = await createTestUser(services);
    const sent = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const failed = await createDraft(db.sql, anna.dataKey, anna.user.id, content);
    const theirs = await createDraft(db.sql, bernd.dataKey, bernd.user.id, content);
    expect(await removeSentDrafts(db.sql, anna.user.id)).toBe(0);
    // The columns the sending core's table is agreed to have (migration 0050 at merge).
    await db.sql`create table outgoing_messages (id uuid primary key, user_id uuid not null, draft_id uuid, status text not null)`;
    try {
      await db.sql`insert into outgoing_messages values (${crypto.randomUUID()}, ${anna.user.id}, ${sent.id}, 'sent'), (${crypto.randomUUID()}, ${anna.user.id}, ${failed.id}, 'failed'),
                   (${crypto.randomUUID()}, ${bernd.user.id}, ${theirs.id}, 'sent')`;
      expect(await removeSentDrafts(db.sql, anna.user.id)).toBe(1);
      expect((await listDrafts(db.sql, anna.dataKey, anna.user.id)).map((draft) => draft.id)).toEqual([failed.id]);
      expect((await listDrafts(db.sql, bernd.dataKey, bernd.user.id)).map((draft) => draft.id)).toEqual([theirs.id]);
      const [job] = await db.sql`select payload from graphile_worker._private_jobs where key = ${`draft-copy:${sent.id}`}`;
      expect(job!.payload).toEqual({ draftId: sent.id, userId: anna.user.id });
    } finally {
      await db.sql`drop table outgoing_messages`;
    }
  });
});
