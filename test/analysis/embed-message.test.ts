/**
 * The embed_message job against the real database and the LLM stub: queued
 * beside the LLM pass for new mail when an embedding model is set; the
 * vector stored only encrypted and bound to its owner; nothing sent or
 * stored for a headers-only mailbox; a provider that is down retried, then
 * skipped, never touching the analysis.
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { EMBED_MAX_ATTEMPTS, EmbeddingUnavailableError } from "../../src/analysis/embed-message.ts";
import { decryptEmbedding } from "../../src/analysis/embedding-store.ts";
import { usedToday } from "../../src/analysis/llm/budget.ts";
import { saveLlmSettings } from "../../src/analysis/llm/settings.ts";
import { setAccountVisibility } from "../../src/analysis/llm/visibility.ts";
import type { JobContext } from "../../src/jobs/define-task.ts";
import embedMessageTask from "../../tasks/embed_message.ts";
import { bagOfWordsVector, startLlmStub } from "../support/llm-stub.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails, type TestMailbox } from "../search/fixtures.ts";
import { processMessages } from "./support.ts";

const { db, services } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await db.drop();
});
beforeEach(() => stub.reset());
const { sql } = services;

async function embeddingUser(embeddingModel: string | null = "stub-embed"): Promise<{ owner: TestUser; box: TestMailbox; messageId: string }> {
  const owner = await createTestUser(services);
  await saveLlmSettings(sql, owner.dataKey, owner.user.id, {
    kind: "openai",
    baseUrl: stub.url,
    model: "stub-model",
    secondOpinionModel: null,
    embeddingModel,
    apiKey: "sk-test",
    dailyBudget: 20,
    enabled: true,
    timeoutSeconds: 5,
  });
  const box = await createTestMailbox(services, owner);
  const [messageId] = await storeMails(services, owner, box, [
    { subject: "Stromrechnung Oktober", from: "Anna Schmidt <anna@stadtwerke.example>", body: "Ihr Abschlag für Oktober beträgt 84 Euro.", date: new Date() },
  ]);
  return { owner, box, messageId: messageId! };
}

const runEmbedJob = (messageId: string, attempt = 1) => {
  const job: JobContext = { jobId: "test", attempt, log: services.log, signal: undefined, sql, config: services.config, keyring: services.keyring };
  return embedMessageTask.run({ messageId }, job);
};

const embedJobs = (messageId: string) =>
  db.sql<{ queue: string | null }[]>`select queue_name as queue from graphile_worker.jobs where task_identifier = 'embed_message' and key = ${`embed:${messageId}`}`;

describe("embed_message", () => {
  test("queued with the LLM pass for new mail when an embedding model is set, and not without one", async () => {
    const withModel = await embeddingUser();
    await processMessages(services, [withModel.messageId]);
    expect([...(await embedJobs(withModel.messageId))]).toEqual([{ queue: "embed" }]);
    const without = await embeddingUser(null);
    await processMessages(services, [without.messageId]);
    expect([...(await embedJobs(without.messageId))]).toEqual([]);
  });

  test("stores the vector encrypted, bound to its owner; counts against the budget; a second run asks nothing", async () => {
    const { owner, messageId } = await embeddingUser();
    await runEmbedJob(messageId);
    const [request] = stub.embedRequests();
    expect(request!.body.model).toBe("stub-embed");
    const [row] = await sql<{ model: string; dimensions: number; vector: Uint8Array; userId: string }[]>`
      select model, dimensions, vector_encrypted as vector, user_id as "userId" from message_embeddings where message_id = ${messageId}`;
    expect(row).toMatchObject({ model: "stub-embed", dimensions: 64, userId: owner.user.id });
    const expected = bagOfWordsVector(request!.body.input);
    expect([...decryptEmbedding(owner.dataKey, owner.user.id, messageId, row!)!]).toEqual(expected);
    // Not the plain float bytes.
    const plain = Buffer.from(new Float32Array(expected).buffer);
    expect(Buffer.from(row!.vector).includes(plain.subarray(0, 32))).toBe(false);
    const other = await createTestUser(services);
    expect(decryptEmbedding(other.dataKey, owner.user.id, messageId, row!)).toBeNull();
    expect(await usedToday(sql, owner.user.id)).toBe(1);

    await runEmbedJob(messageId);
    expect(stub.embedRequests()).toHaveLength(1);
    expect(await usedToday(sql, owner.user.id)).toBe(1);
  });

  test("a headers-only mailbox: nothing is sent, nothing stored, no call spent", async () => {
    const { owner, box, messageId } = await embeddingUser();
    await setAccountVisibility(sql, owner.user.id, box.account.id, "headers");
    await runEmbedJob(messageId);
    expect(stub.requests).toHaveLength(0);
    expect(await sql`select 1 from message_embeddings where message_id = ${messageId}`).toHaveLength(0);
    expect(await usedToday(sql, owner.user.id)).toBe(0);
  });

  test("a provider that is down: retried, then skipped on the last attempt; the analysis stays", async () => {
    const { messageId } = await embeddingUser();
    await processMessages(services, [messageId]);
    stub.embedMode = "server_error";
    await expect(runEmbedJob(messageId, 1)).rejects.toBeInstanceOf(EmbeddingUnavailableError);
    await runEmbedJob(messageId, EMBED_MAX_ATTEMPTS);
    expect(stub.embedRequests()).toHaveLength(2);
    expect(await sql`select 1 from message_embeddings where message_id = ${messageId}`).toHaveLength(0);
    expect(await sql`select 1 from analyses where message_id = ${messageId}`).toHaveLength(1);
  });

  test("a changed model embeds the message again; the old vector is replaced", async () => {
    const { owner, messageId } = await embeddingUser();
    await runEmbedJob(messageId);
    await sql`update llm_providers set embedding_model = 'stub-embed-2' where user_id = ${owner.user.id}`;
    await runEmbedJob(messageId);
    expect([...(await sql`select model from message_embeddings where message_id = ${messageId}`)]).toEqual([{ model: "stub-embed-2" }]);
  });
});
