/**
 * Similar messages by meaning: with an embedding model set and the message
 * embedded, mail close in meaning but sharing no words is listed too
 * (reason similarMeaning); only the user's own embeddings of the current
 * model are used.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { saveEmbedding } from "../../src/analysis/embedding-store.ts";
import { saveLlmSettings } from "../../src/analysis/llm/settings.ts";
import { cosineSimilarity, meaningMatches } from "../../src/inbox/similar-meaning.ts";
import { similarMessageIds, similarMessages } from "../../src/inbox/similar-messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails, type TestMail } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { sql } = services;

const filler = (index: number): TestMail => ({ subject: `Wochenbericht ${index}`, from: `Kollege ${index} <kollege${index}@firma.example>`, body: `Bericht Nummer ${index}.` });

/** Direction 0 is "electricity bill"; the mate points almost the same way in other words, the far one elsewhere. */
const vector = (...values: number[]) => Float32Array.from([...values, ...new Array(8 - values.length).fill(0)]);
const SOURCE = vector(1, 0.1);
const MATE = vector(0.95, 0.2, 0.05);
const FAR = vector(0, 0, 1);

async function mailbox(owner: TestUser) {
  await saveLlmSettings(sql, owner.dataKey, owner.user.id, {
    kind: "ollama",
    baseUrl: "http://127.0.0.1:11434",
    model: "stub-model",
    secondOpinionModel: null,
    embeddingModel: "stub-embed",
    apiKey: null,
    dailyBudget: 20,
    enabled: true,
    timeoutSeconds: 5,
  });
  const box = await createTestMailbox(services, owner);
  const [source, mate, far, ...fillers] = await storeMails(services, owner, box, [
    { subject: "Stromrechnung Oktober", from: "Stadtwerke <rechnung@stadtwerke.example>", body: "Ihr Abschlag für Kilowattstunden beträgt 84 Euro." },
    { subject: "Energiekosten", from: "Versorger <service@versorger.example>", body: "The monthly power charge is due soon." },
    { subject: "Einladung Sommerfest", from: "Verein <info@verein.example>", body: "Grill, Musik und Kuchen im Vereinsheim." },
    ...Array.from({ length: 10 }, (_, index) => filler(index)),
  ]);
  for (const [id, values] of [
    [source!, SOURCE],
    [mate!, MATE],
    [far!, FAR],
  ] as const)
    await saveEmbedding(sql, owner.dataKey, owner.user.id, id, "stub-embed", values);
  return { source: source!, mate: mate!, far: far!, fillers };
}

describe("similar messages by meaning", () => {
  test("a message sharing no words but close in meaning is listed as similarMeaning; a far one is not", async () => {
    const owner = await createTestUser(services);
    const mail = await mailbox(owner);
    const similar = await similarMessages(sql, owner.dataKey, owner.user.id, mail.source);
    const mate = similar.find((entry) => entry.id === mail.mate);
    expect(mate).toMatchObject({ reasons: ["similarMeaning"], textScore: 0, subject: "Energiekosten" });
    expect(mate!.meaningScore).toBeCloseTo(cosineSimilarity(SOURCE, MATE), 3);
    expect(mate!.score).toBe(mate!.meaningScore);
    expect(similar.map((entry) => entry.id)).not.toContain(mail.far);
    // Acting on similar mail follows the same ranking when it can open the vectors, the local one without.
    expect(await similarMessageIds(sql, owner.user.id, mail.source, undefined, owner.dataKey)).toContain(mail.mate);
    expect(await similarMessageIds(sql, owner.user.id, mail.source)).not.toContain(mail.mate);
  });

  test("another user's identical mail and vectors are never used", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const mine = await mailbox(owner);
    const theirs = await mailbox(other);
    const matches = await meaningMatches(sql, owner.dataKey, owner.user.id, mine.source);
    expect(matches.ids).toEqual([mine.mate]);
    const ids = await similarMessageIds(sql, owner.user.id, mine.source, 50, owner.dataKey);
    expect(ids.filter((id) => [theirs.source, theirs.mate, theirs.far, ...theirs.fillers].includes(id))).toEqual([]);
    // Their message id with the owner's key: not the owner's, so nothing.
    expect(await meaningMatches(sql, owner.dataKey, owner.user.id, theirs.source)).toEqual({ ids: [], scores: [] });
  });

  test("vectors of another model than the current one, or with no model set, are not compared", async () => {
    const owner = await createTestUser(services);
    const mail = await mailbox(owner);
    await sql`update llm_providers set embedding_model = 'another-model' where user_id = ${owner.user.id}`;
    expect((await similarMessages(sql, owner.dataKey, owner.user.id, mail.source)).map((entry) => entry.id)).not.toContain(mail.mate);
    await sql`update llm_providers set embedding_model = null where user_id = ${owner.user.id}`;
    expect(await meaningMatches(sql, owner.dataKey, owner.user.id, mail.source)).toEqual({ ids: [], scores: [] });
  });
});
