/**
 * The `embed_message` job's work: a new message's embedding from the
 * user's provider, for "similar messages" (src/inbox/similar-meaning.ts).
 * Queued beside the LLM pass for recent new mail, only when the user set an
 * embedding model. It is an extra and fails softly: it runs in its own
 * queue, so a slow or absent embedding model never holds up an analysis;
 * a provider that is down is tried EMBED_MAX_ATTEMPTS times with the
 * worker's back-off, then the message simply has no embedding (the local
 * ranking still finds it). Each request takes one call of the daily budget,
 * like a chat request: it costs the provider the same kind of work, and a
 * separate count would let the budget be exceeded twice over.
 */
import { dataKeyForBackgroundWork } from "../auth/data-key-access.ts";
import type { Config } from "../config.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { addJob } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import { hasEmbedding, saveEmbedding } from "./embedding-store.ts";
import { embedWithLlm, type EmbeddingFailure } from "./llm/embed.ts";
import { accountVisibility, DEFAULT_LLM_VISIBILITY, loadLlmSettings, takeLlmBudget } from "./llm/index.ts";
import { loadMessageForAnalysis } from "./message-input.ts";

/** Attempts of one embedding: a provider restarting is back within the worker's back-off of a few tries (~1 min). */
export const EMBED_MAX_ATTEMPTS = 4;

/** Failures that may pass (the server restarting or busy); the others would fail the same way again. */
const TRANSIENT: ReadonlySet<EmbeddingFailure> = new Set(["unreachable", "timeout", "http_error", "aborted"]);

/** Thrown to have the worker try again later; never carries mail text. */
export class EmbeddingUnavailableError extends Error {
  override name = "EmbeddingUnavailableError";
}

/**
 * One job per message (the job key), in the "embed" queue: one request at a
 * time, so a local model server is not swamped, apart from the "llm"
 * queue so the two never wait for each other.
 */
export async function queueEmbedding(sql: Queryable, messageId: string): Promise<void> {
  await addJob(sql, "embed_message", { messageId }, { jobKey: `embed:${messageId}`, queueName: "embed", maxAttempts: EMBED_MAX_ATTEMPTS, priority: JOB_PRIORITY.bulk });
}

/**
 * Idempotent: a message with an embedding of the current model is left
 * alone. Returns an outcome code; throws EmbeddingUnavailableError on a
 * transient failure before the last attempt.
 */
export async function embedMessage(
  { sql, keyring, config, signal }: { sql: Sql; keyring: MasterKeyring; config: Config; signal?: AbortSignal },
  messageId: string,
  { lastAttempt }: { lastAttempt: boolean },
): Promise<string> {
  const [owner] = await sql<{ userId: string }[]>`select user_id as "userId" from messages where id = ${messageId}`;
  if (!owner) return "gone";
  const { userId } = owner;
  const dataKey = await dataKeyForBackgroundWork(sql, keyring, config, userId);
  const settings = await loadLlmSettings(sql, dataKey, userId);
  if (!settings?.enabled || !settings.embeddingModel) return "no_model";
  if (await hasEmbedding(sql, userId, messageId, settings.embeddingModel)) return "already";
  const message = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!message) return "gone";
  const visibility = (await accountVisibility(sql, userId, message.accountId)) ?? DEFAULT_LLM_VISIBILITY;
  // Checked before the budget: a headers-only mailbox costs no call.
  if (visibility === "headers") return "skipped:not_shared";
  if (!(await takeLlmBudget(sql, userId))) return "skipped:budget_spent";
  const result = await embedWithLlm(settings, message.input, { visibility, outbound: await loadOutboundPolicy(sql), signal });
  if (!result.ok) {
    if (TRANSIENT.has(result.reason) && !lastAttempt) throw new EmbeddingUnavailableError(`embedding failed: ${result.reason}`);
    return `skipped:${result.reason}`;
  }
  return (await saveEmbedding(sql, dataKey, userId, messageId, result.model, result.vector)) ? "embedded" : "gone";
}
