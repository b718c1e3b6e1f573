/**
 * Tag feedback on stored mail (real PostgreSQL): assignments, removals and
 * rejections teach the user's encrypted tag model once per (message, tag),
 * rejections are remembered per message, another user's ids do nothing, and
 * the local pipeline fills the analysis with the learned suggestions.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage } from "../../src/analysis/analyse-message.ts";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { recordTagFeedback } from "../../src/analysis/tag-feedback.ts";
import { loadTagModel } from "../../src/analysis/tag-model-store.ts";
import { suggestTagsForMessage } from "../../src/analysis/tag-suggestions.ts";
import { tagBinding } from "../../src/analysis/tags.ts";
import { loadMessageForAnalysis } from "../../src/analysis/message-input.ts";
import { encrypt } from "../../src/crypto/aead.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

async function createTag(user: TestUser, name: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.sql`insert into tags (id, user_id, name_hash, name_encrypted) values (${id}, ${user.user.id}, ${Buffer.from(name)}, ${encrypt(user.dataKey, name, tagBinding(user.user.id, id))})`;
  return id;
}

const invoice = (month: string) => ({
  subject: `Ihre Abschlagszahlung ${month}`,
  from: "Stadtwerke <kundenservice@swm.example>",
  body: `Sehr geehrter Herr Müller,\n\nder Abschlag für ${month} beträgt 84,00 €.\n\nSWM Kundenservice`,
});

async function suggestionsFor(user: TestUser, messageId: string) {
  const message = (await loadMessageForAnalysis(db.sql, user.dataKey, user.user.id, messageId))!;
  return await suggestTagsForMessage(db.sql, user.dataKey, user.user.id, messageId, message);
}

async function counts(user: TestUser, tagId: string) {
  const [row] = await db.sql<{ examples: number }[]>`select examples from tag_models where user_id = ${user.user.id}`;
  const entry = (await loadTagModel(db.sql, user.dataKey, user.user.id)).tags.get(tagId);
  return { examples: row?.examples ?? 0, positives: entry?.positives ?? 0, negatives: entry?.negatives ?? 0 };
}

describe("recordTagFeedback", () => {
  test("assignments teach the model once per message; the next message from the sender gets the tag with its id and a reason", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const tagId = await createTag(user, "Haushalt");
    const ids = await storeMails(services, user, box, ["Juni", "Juli", "August", "September"].map(invoice));

    expect(await suggestionsFor(user, ids[2]!)).toEqual([]);
    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[0]!, tagId, "assigned");
    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[1]!, tagId, "assigned");
    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[1]!, tagId, "assigned");
    expect(await counts(user, tagId)).toEqual({ examples: 2, positives: 2, negatives: 0 });

    const [suggestion] = await suggestionsFor(user, ids[2]!);
    expect(suggestion).toMatchObject({ tagId, name: "Haushalt", reason: { code: "tag_sender", vars: { sender: "kundenservice@swm.example" } } });
    expect(suggestion!.confidence).toBeGreaterThanOrEqual(0.5);

    // The pipeline: a new message's analysis carries the learned suggestion.
    expect(await analyseNewMessage({ sql: db.sql, dataKey: user.dataKey, userId: user.user.id }, ids[3]!)).toBe("analysed");
    const stored = await readAnalysis(db.sql, user.dataKey, user.user.id, ids[3]!);
    expect(stored!.analysis.tags).toEqual([expect.objectContaining({ tagId, name: "Haushalt", reason: expect.objectContaining({ code: "tag_sender" }) })]);
  });

  test("a tag already on the message is not suggested for it", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const tagId = await createTag(user, "Haushalt");
    const ids = await storeMails(services, user, box, ["Juni", "Juli", "August"].map(invoice));
    for (const id of ids.slice(0, 2)) await recordTagFeedback(db.sql, user.dataKey, user.user.id, id, tagId, "assigned");
    await db.sql`insert into message_tags (message_id, tag_id, user_id) values (${ids[2]!}, ${tagId}, ${user.user.id})`;
    expect(await suggestionsFor(user, ids[2]!)).toEqual([]);
  });

  test("a rejection is remembered for the message and is negative; removing an assigned tag replaces its example", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const tagId = await createTag(user, "Haushalt");
    const ids = await storeMails(services, user, box, ["Juni", "Juli", "August", "September", "Oktober"].map(invoice));
    for (const id of ids.slice(0, 3)) await recordTagFeedback(db.sql, user.dataKey, user.user.id, id, tagId, "assigned");
    const before = (await suggestionsFor(user, ids[4]!))[0]!.confidence;
    expect((await suggestionsFor(user, ids[3]!)).map((suggestion) => suggestion.tagId)).toEqual([tagId]);

    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[3]!, tagId, "rejected");
    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[3]!, tagId, "rejected");
    expect(await suggestionsFor(user, ids[3]!)).toEqual([]);
    const [rejection] = await db.sql`select user_id from tag_suggestion_rejections where message_id = ${ids[3]!} and tag_id = ${tagId}`;
    expect(rejection!.user_id).toBe(user.user.id);
    expect(await counts(user, tagId)).toEqual({ examples: 4, positives: 3, negatives: 1 });
    const after = (await suggestionsFor(user, ids[4]!))[0]?.confidence ?? 0;
    expect(after).toBeLessThan(before);

    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[0]!, tagId, "removed");
    expect(await counts(user, tagId)).toEqual({ examples: 4, positives: 2, negatives: 2 });
  });

  test("an LLM's suggestions join after the learned ones as the user's tags, never one rejected for the message", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const [haushalt, reisen, privat] = [await createTag(user, "Haushalt"), await createTag(user, "Reisen"), await createTag(user, "Privat")];
    const ids = await storeMails(services, user, box, ["Juni", "Juli", "August"].map(invoice));
    for (const id of ids.slice(0, 2)) await recordTagFeedback(db.sql, user.dataKey, user.user.id, id, haushalt, "assigned");
    await recordTagFeedback(db.sql, user.dataKey, user.user.id, ids[2]!, reisen, "rejected");
    const message = (await loadMessageForAnalysis(db.sql, user.dataKey, user.user.id, ids[2]!))!;
    const llmTags = ["Reisen", "Unbekannt", "Privat", "Haushalt"].map((name) => ({ name, confidence: 0.7 }));
    const merged = await suggestTagsForMessage(db.sql, user.dataKey, user.user.id, ids[2]!, message, llmTags);
    expect(merged.map((tag) => tag.tagId)).toEqual([haushalt, privat]);
    expect(merged[0]!.reason?.code).toBe("tag_sender");
  });

  test("another user's message or tag: nothing is learned or stored", async () => {
    const alice = await createTestUser(services);
    const mallory = await createTestUser(services);
    const aliceTag = await createTag(alice, "Haushalt");
    const malloryTag = await createTag(mallory, "Haushalt");
    const [aliceMessage] = await storeMails(services, alice, await createTestMailbox(services, alice), [invoice("Juni")]);
    const [malloryMessage] = await storeMails(services, mallory, await createTestMailbox(services, mallory), [invoice("Juni")]);

    await recordTagFeedback(db.sql, mallory.dataKey, mallory.user.id, aliceMessage!, malloryTag, "rejected");
    await recordTagFeedback(db.sql, mallory.dataKey, mallory.user.id, malloryMessage!, aliceTag, "assigned");
    await recordTagFeedback(db.sql, alice.dataKey, mallory.user.id, aliceMessage!, aliceTag, "assigned");
    const [stored] = await db.sql`
      select (select count(*) from tag_models where user_id in (${alice.user.id}, ${mallory.user.id}))::int as models,
             (select count(*) from tag_suggestion_rejections where user_id in (${alice.user.id}, ${mallory.user.id}))::int as rejections,
             (select count(*) from tag_model_labels where user_id in (${alice.user.id}, ${mallory.user.id}))::int as labels`;
    expect(stored).toEqual({ models: 0, rejections: 0, labels: 0 });
  });

  test("the stored model is encrypted: it does not open for another user", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const tagId = await createTag(alice, "Haushalt");
    const [id] = await storeMails(services, alice, await createTestMailbox(services, alice), [invoice("Juni")]);
    await recordTagFeedback(db.sql, alice.dataKey, alice.user.id, id!, tagId, "assigned");
    await db.sql`insert into tag_models (user_id, model_encrypted) select ${bob.user.id}, model_encrypted from tag_models where user_id = ${alice.user.id}`;
    await expect(loadTagModel(db.sql, bob.dataKey, bob.user.id)).rejects.toThrow();
  });
});
