/**
 * Tags on the server, against the private Dovecot: a tag put on here
 * becomes a keyword there (through the journal), a keyword another client
 * sets or removes arrives by sync, and nothing is undone by a sync that
 * runs before the write-back.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import { addTag, removeTag } from "../../src/tags/assign.ts";
import { createTag } from "../../src/tags/store.ts";
import { makeMessage } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { actionHelpers, inFolder } from "../mail/actions/fixtures.ts";
import type { SyncFixture } from "../mail/sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { fixtureWith, messageIdAt, serverFlags } = actionHelpers(db, services);

const seed = (count: number) =>
  fixtureWith(
    Array.from({ length: count }, (_, i) =>
      makeMessage({ from: "shop@example.org", to: "me@example.org", subject: `Rechnung ${i}`, body: `Betrag ${i}`, messageId: `<kw${i}-${crypto.randomUUID()}@example.org>` }),
    ),
  );

/** Runs every pending write-back of the user, oldest first, as the worker would. */
async function applyPending(fixture: SyncFixture) {
  const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at`;
  for (const { id } of pending) await applyMessageAction(services, { journalId: id, userId: fixture.user.user.id, holder: "test" });
  return pending.length;
}

const tagsOf = async (messageId: string) =>
  (await db.sql<{ tagId: string; source: string; onServer: boolean }[]>`select tag_id as "tagId", source, on_server as "onServer" from message_tags where message_id = ${messageId}`).map((row) => ({
    ...row,
  }));

const learnJobs = async (userId: string) =>
  (
    await db.sql<{ payload: { kind: string; messageIds: string[]; tagId: string } }[]>`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'learn_tag_feedback' and j.payload->>'userId' = ${userId}`
  ).map((row) => row.payload);

async function newTag(fixture: SyncFixture, name: string) {
  const created = await createTag(db.sql, fixture.user.dataKey, fixture.user.user.id, name);
  if (!created.ok) throw new Error(created.reason);
  return created.tag.id;
}

describe("tags as IMAP keywords", () => {
  test("a tag put on here reaches the server as a readable keyword; removing it in another client removes it here", async () => {
    const fixture = await seed(2);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const tagId = await newTag(fixture, "Rechnungen 2026 (Büro)");
    const added = await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, tagId, [id]);
    expect(added).toMatchObject({ changed: [id], notFound: 0 });
    expect(added!.journalId).not.toBeNull();
    expect(await tagsOf(id)).toEqual([{ tagId, source: "user", onServer: false }]);
    expect(await applyPending(fixture)).toBe(1);
    expect((await serverFlags(fixture, "INBOX")).get(1)).toContain("Rechnungen_2026_Buero");
    expect(await tagsOf(id)).toEqual([{ tagId, source: "user", onServer: true }]);

    // Thunderbird takes the tag off.
    await inFolder(fixture, "INBOX", (client) => client.messageFlagsRemove({ uid: "1" }, ["Rechnungen_2026_Buero"], { uid: true }));
    await fixture.sync();
    expect(await tagsOf(id)).toEqual([]);
    expect(await learnJobs(fixture.user.user.id)).toContainEqual(expect.objectContaining({ tagId, kind: "removed", messageIds: [id] }));
  });

  test("a keyword set in another client becomes a tag named after it, and teaches once", async () => {
    const fixture = await seed(2);
    const id = (await messageIdAt(fixture, "INBOX", 2))!;
    await inFolder(fixture, "INBOX", (client) => client.messageFlagsAdd({ uid: "2" }, ["Projekt_Alpha", "$Forwarded", "NonJunk"], { uid: true }));
    await fixture.sync();
    const tags = await db.sql<{ id: string }[]>`select id from tags where user_id = ${fixture.user.user.id}`;
    expect(tags).toHaveLength(1); // the system keywords are not tags
    expect(await tagsOf(id)).toEqual([{ tagId: tags[0]!.id, source: "server", onServer: true }]);
    const [keyword] = await db.sql`select keyword from tag_keywords where tag_id = ${tags[0]!.id}`;
    expect(keyword!.keyword).toBe("Projekt_Alpha");
    // A second sync with nothing new changes nothing and teaches nothing more.
    await fixture.sync();
    expect((await learnJobs(fixture.user.user.id)).filter((job) => job.kind === "assigned")).toHaveLength(1);
  });

  test("a sync before the write-back neither removes a new tag nor brings back a removed one", async () => {
    const fixture = await seed(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const tagId = await newTag(fixture, "Uni");
    await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, tagId, [id]);
    await fixture.sync();
    expect(await tagsOf(id)).toHaveLength(1);
    await applyPending(fixture);
    // Removed here while the server still holds the keyword; a sync before the removal is written keeps it removed.
    await removeTag(db.sql, fixture.user.user.id, tagId, [id]);
    await inFolder(fixture, "INBOX", (client) => client.messageFlagsAdd({ uid: "1" }, ["\\Seen"], { uid: true })); // something for the sync to see
    await fixture.sync();
    expect(await tagsOf(id)).toEqual([]);
    await applyPending(fixture);
    expect((await serverFlags(fixture, "INBOX")).get(1)).not.toContain("Uni");
    await fixture.sync();
    expect(await tagsOf(id)).toEqual([]);
  });

  test("undo of a tag written to the server takes the keyword off again", async () => {
    const fixture = await seed(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const tagId = await newTag(fixture, "Reisen");
    const added = await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, tagId, [id]);
    await applyPending(fixture);
    const { undoAction } = await import("../../src/mail/actions/undo.ts");
    expect(await undoAction(db.sql, fixture.user.dataKey, fixture.user.user.id, added!.journalId!)).toEqual({ ok: true, undone: 1 });
    await applyPending(fixture);
    expect((await serverFlags(fixture, "INBOX")).get(1)).not.toContain("Reisen");
    expect(await tagsOf(id)).toEqual([]);
  });

  test("where a folder does not keep keywords the tag stays local: nothing is journaled", async () => {
    const fixture = await seed(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    await db.sql`update folders set keywords_refused = true where account_id = ${fixture.account.id}`;
    const tagId = await newTag(fixture, "Lokal");
    const added = await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, tagId, [id]);
    expect(added).toMatchObject({ changed: [id], journalId: null });
    await fixture.sync();
    expect(await tagsOf(id)).toEqual([{ tagId, source: "user", onServer: false }]);
  });

  test("keywords on the user's own mail (Sent) become tags but teach nothing", async () => {
    const fixture = await seed(0);
    await inFolder(fixture, "Sent", (client) =>
      client.append("Sent", makeMessage({ from: "me@example.org", to: "a@example.org", subject: "Antwort", body: "Hallo", messageId: `<sent-${crypto.randomUUID()}@example.org>` }), [
        "\\Seen",
        "Familie",
      ]),
    );
    await fixture.sync();
    const [tagged] = await db.sql`select mt.source from message_tags mt where mt.user_id = ${fixture.user.user.id}`;
    expect(tagged!.source).toBe("server");
    expect(await learnJobs(fixture.user.user.id)).toEqual([]);
  });

  test("another user's tag cannot be put on or taken off", async () => {
    const fixture = await seed(1);
    const other = await seed(1);
    const id = (await messageIdAt(fixture, "INBOX", 1))!;
    const othersTag = await newTag(other, "Fremd");
    expect(await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, othersTag, [id])).toBeUndefined();
    expect(await removeTag(db.sql, fixture.user.user.id, othersTag, [id])).toBeUndefined();
    // Nor can a tag of one's own be put on another user's message.
    const mine = await newTag(fixture, "Meins");
    const theirMessage = (await messageIdAt(other, "INBOX", 1))!;
    expect(await addTag(db.sql, fixture.user.dataKey, fixture.user.user.id, mine, [theirMessage])).toMatchObject({ changed: [], notFound: 1 });
  });
});
