/**
 * Drafts written to the account's Drafts folder on the private Dovecot:
 * the copy appears (\Draft \Seen, the text readable by another client), the
 * next save replaces it, an unchanged draft is not written again, a deleted
 * one is removed, and an account without a Drafts folder gets one.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { JobContext } from "../../../src/jobs/define-task.ts";
import { saveDraftCopy } from "../../../src/mail/compose/draft-copy.ts";
import { createDraft, deleteDraft, saveDraft, type DraftContent } from "../../../src/mail/compose/drafts.ts";
import { openTestApp } from "../../support/test-app.ts";
import { syncFixture, withClient, type SyncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const job: JobContext = { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: services.sql, config: services.config, keyring: services.keyring };

/** What the server holds in `path`: each message's UID, flags, subject and text. */
async function serverCopies(fixture: SyncFixture, path: string) {
  return await withClient(fixture, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      if ((client.mailbox && client.mailbox.exists === 0) || !client.mailbox) return [];
      const messages = await client.fetchAll("1:*", { uid: true, flags: true, envelope: true, source: true });
      return messages.map((message) => ({
        uid: message.uid,
        flags: [...(message.flags ?? [])].filter((flag) => flag !== "\\Recent").sort(),
        subject: message.envelope?.subject,
        to: message.envelope?.to?.map((address) => address.address),
        source: message.source?.toString("utf8") ?? "",
      }));
    } finally {
      lock.release();
    }
  });
}

const content = (fixture: SyncFixture, body: string): DraftContent => ({
  accountId: fixture.account.id,
  to: "Anna Beispiel <anna@example.org>",
  cc: "",
  bcc: "",
  subject: "Angebot für Müller",
  body,
  mode: "new",
});

const base64Of = (text: string) => Buffer.from(text, "utf8").toString("base64").slice(0, 40);

describe("the draft's copy on the server", () => {
  test("appears in Drafts, is replaced by the next save, is not rewritten unchanged, and goes with the draft", async () => {
    const fixture = await syncFixture(services);
    await fixture.sync();
    const { user } = fixture;
    const draft = await createDraft(db.sql, user.dataKey, user.user.id, content(fixture, "Erste Fassung"));
    expect(await saveDraftCopy(job, { draftId: draft.id, userId: user.user.id })).toBe("saved");
    const [first, ...none] = await serverCopies(fixture, "Drafts");
    expect(none).toEqual([]);
    expect(first!.flags).toEqual(["\\Draft", "\\Seen"]);
    expect(first!.subject).toBe("Angebot für Müller");
    expect(first!.to).toEqual(["anna@example.org"]);
    expect(first!.source).toContain(base64Of("Erste Fassung"));

    await saveDraft(db.sql, user.dataKey, user.user.id, draft.id, content(fixture, "Zweite Fassung"));
    expect(await saveDraftCopy(job, { draftId: draft.id, userId: user.user.id })).toBe("saved");
    const copies = await serverCopies(fixture, "Drafts");
    expect(copies.length).toBe(1);
    expect(copies[0]!.uid).toBeGreaterThan(first!.uid);
    expect(copies[0]!.source).toContain(base64Of("Zweite Fassung"));
    const [row] = await db.sql`select server_uid::int as uid, server_revision, revision from drafts where id = ${draft.id}`;
    expect(row).toEqual({ uid: copies[0]!.uid, server_revision: 2, revision: 2 });

    expect(await saveDraftCopy(job, { draftId: draft.id, userId: user.user.id })).toBe("current");
    expect((await serverCopies(fixture, "Drafts")).length).toBe(1);

    expect(await deleteDraft(db.sql, user.user.id, draft.id)).toBe(true);
    expect(await saveDraftCopy(job, { draftId: draft.id, userId: user.user.id })).toBe("removed");
    expect(await serverCopies(fixture, "Drafts")).toEqual([]);
    expect((await db.sql`select id from drafts where id = ${draft.id}`).length).toBe(0);
  });

  test("an account whose folder list has no Drafts folder gets one, kept in that role", async () => {
    const fixture = await syncFixture(services);
    await fixture.sync();
    // The test Dovecot makes its special-use folders itself when listed: a server without one is simulated in the folder list.
    await db.sql`update folders set special_use = null where account_id = ${fixture.account.id} and special_use = 'drafts'`;
    await db.sql`delete from folders where account_id = ${fixture.account.id} and path = 'Drafts'`;
    const draft = await createDraft(db.sql, fixture.user.dataKey, fixture.user.user.id, content(fixture, "Hallo"));
    expect(await saveDraftCopy(job, { draftId: draft.id, userId: fixture.user.user.id })).toBe("saved");
    expect((await serverCopies(fixture, "Drafts")).length).toBe(1);
    const [folder] = await db.sql`select chosen_role from folders where account_id = ${fixture.account.id} and path = 'Drafts'`;
    expect(folder).toEqual({ chosen_role: "drafts" });
  });

  test("another user's draft id does nothing", async () => {
    const fixture = await syncFixture(services);
    await fixture.sync();
    const other = await syncFixture(services);
    const draft = await createDraft(db.sql, fixture.user.dataKey, fixture.user.user.id, content(fixture, "Privat"));
    expect(await saveDraftCopy(job, { draftId: draft.id, userId: other.user.user.id })).toBe("gone");
    expect(await serverCopies(fixture, "Drafts")).toEqual([]);
  });
});
