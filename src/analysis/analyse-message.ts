/**
 * The analysis pipeline of one message: the local analyser first (always,
 * offline, with the user's model and the sender's pattern), then, for users
 * with an LLM provider, an LLM pass in the "llm" queue that replaces it or
 * records why it could not.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import { DEFAULT_LANG } from "../i18n/messages.ts";
import { readAnalysis, recordFallback, saveAnalysis, writeAnalysis } from "./analysis-store.ts";
import { accountVisibility, analyseWithLlm, DEFAULT_LLM_VISIBILITY, loadLlmSettings, takeLlmBudget } from "./llm/index.ts";
import { keepPhishingSuspicion } from "./llm/keep-phishing.ts";
import { keepVipSender } from "./llm/keep-vip.ts";
import { analyseLocally } from "./local/index.ts";
import { queueEmbedding } from "./embed-message.ts";
import { loadMessageForAnalysis, type MessageForAnalysis } from "./message-input.ts";
import { queueRun } from "./runs.ts";
import { learnFromAnalysis, rememberSender, senderHint } from "./sender-patterns.ts";
import { suggestTagsForMessage } from "./tag-suggestions.ts";
import { loadUserModel } from "./user-model-store.ts";
import { isVipSender } from "../senders/vip.ts";
import { llmNameCandidates, mailNameCandidates, noteNameCandidates } from "../tags/name-queue.ts";
import type { AnalysisInput } from "./types.ts";

export interface AnalysisContext {
  sql: Sql;
  dataKey: SecretKey;
  userId: string;
  signal?: AbortSignal;
}

/** Only mail this recent gets an LLM pass on arrival: an initial sync of years of mail must not spend the budget. */
export const LLM_ON_ARRIVAL_MAX_AGE_DAYS = 7;
/** The most recent messages re-scored after many corrections. */
const RESCORE_RECENT_MESSAGES = 500;
/** Earlier messages of the thread shown to an LLM as context. */
const THREAD_CONTEXT_MESSAGES = 3;

const localProvenance = { provider: "local" as const, model: null, fallbackReason: null };

async function localAnalysis(ctx: AnalysisContext, messageId: string, message: MessageForAnalysis) {
  const [model, hint, vip, tags] = await Promise.all([
    loadUserModel(ctx.sql, ctx.dataKey, ctx.userId),
    senderHint(ctx.sql, ctx.dataKey, ctx.userId, message.sender),
    isVipSender(ctx.sql, ctx.dataKey, ctx.userId, message.sender),
    suggestTagsForMessage(ctx.sql, ctx.dataKey, ctx.userId, messageId, message),
  ]);
  // The learned tag suggestions replace the analyser's name matching (which they include as a fallback).
  return { ...analyseLocally(message.input, model, vip ? { ...hint, vip } : hint).analysis, tags };
}

export async function hasEnabledProvider(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from llm_providers where user_id = ${userId} and enabled`;
  return Boolean(row);
}

/**
 * The first analysis of a new message (the `process_message` job). Idempotent:
 * a message already analysed is left alone, so a job run twice, a move or a
 * UIDVALIDITY reseed never analyses it again.
 */
export async function analyseNewMessage(ctx: AnalysisContext, messageId: string): Promise<"analysed" | "already" | "gone"> {
  const [existing] = await ctx.sql`select 1 from analyses where message_id = ${messageId} and user_id = ${ctx.userId}`;
  if (existing) return "already";
  const message = await loadMessageForAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId);
  if (!message) return "gone";
  const analysis = await localAnalysis(ctx, messageId, message);
  // One transaction: a crash between the analysis and its sender vote would lose the vote for good, since a
  // message already analysed is never analysed (or counted) again. Only a first analysis votes.
  const saved = await ctx.sql.begin(async (tx) => {
    const written = await writeAnalysis(tx, ctx.dataKey, ctx.userId, messageId, analysis, localProvenance);
    if (written === "inserted") {
      await learnFromAnalysis(tx, ctx.dataKey, ctx.userId, messageId, message.sender, analysis);
      // Counted once per message, with its analysis: a recurring list or sender may become a suggested tag name.
      await noteNameCandidates(tx, ctx.dataKey, ctx.userId, messageId, mailNameCandidates(message, analysis));
    }
    return written;
  });
  if (!saved) return "gone";
  const [recent] = await ctx.sql`
    select 1 from messages where id = ${messageId}
      and coalesce(received_at, sent_at, created_at) > now() - make_interval(days => ${LLM_ON_ARRIVAL_MAX_AGE_DAYS})`;
  if (recent) {
    const [provider] = await ctx.sql<{ embeddingModel: string | null }[]>`
      select embedding_model as "embeddingModel" from llm_providers where user_id = ${ctx.userId} and enabled`;
    if (provider) await queueRun(ctx.sql, ctx.userId, messageId, "llm");
    if (provider?.embeddingModel) await queueEmbedding(ctx.sql, messageId);
  }
  return "analysed";
}

/** Analyses the message again with the local analyser; the user's corrections stay. */
export async function reanalyseLocally(ctx: AnalysisContext, messageId: string): Promise<boolean> {
  const message = await loadMessageForAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId);
  if (!message) return false;
  // Mail analysed before messages kept their sender (migration 0026) learns it here.
  await rememberSender(ctx.sql, ctx.dataKey, ctx.userId, messageId, message.sender);
  return await saveAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId, await localAnalysis(ctx, messageId, message), localProvenance);
}

/** The `reprocess_message` job: the local analyser again, then the LLM pass if the user configured one. */
export async function reprocessMessage(ctx: AnalysisContext, messageId: string | null): Promise<"analysed" | "gone"> {
  if (!messageId || !(await reanalyseLocally(ctx, messageId))) return "gone";
  if (await hasEnabledProvider(ctx.sql, ctx.userId)) await queueRun(ctx.sql, ctx.userId, messageId, "llm");
  return "analysed";
}

/**
 * After many corrections (RESCORE_AFTER_CORRECTIONS), the user's most recent
 * locally analysed mail is analysed again with what the local analyser
 * learned (the `rescore_recent` job). LLM analyses and corrected fields stay
 * as they are. Returns how many were re-scored.
 */
export async function rescoreRecentMessages(ctx: AnalysisContext): Promise<number> {
  const recent = await ctx.sql<{ id: string }[]>`
    select m.id from messages m join analyses a on a.message_id = m.id
    where m.user_id = ${ctx.userId} and a.provider = 'local' and m.orphaned_at is null
    order by coalesce(m.received_at, m.sent_at, m.created_at) desc limit ${RESCORE_RECENT_MESSAGES}`;
  let rescored = 0;
  for (const { id } of recent) if (await reanalyseLocally(ctx, id)) rescored++;
  return rescored;
}

async function threadContext(ctx: AnalysisContext, messageId: string, threadId: string): Promise<AnalysisInput[]> {
  const earlier = await ctx.sql<{ id: string }[]>`
    select id from messages
    where user_id = ${ctx.userId} and thread_id = ${threadId} and id <> ${messageId} and orphaned_at is null
      and coalesce(sent_at, received_at) <= (select coalesce(sent_at, received_at) from messages where id = ${messageId})
    order by coalesce(sent_at, received_at) desc limit ${THREAD_CONTEXT_MESSAGES}`;
  const loaded = await Promise.all(earlier.map((row) => loadMessageForAnalysis(ctx.sql, ctx.dataKey, ctx.userId, row.id)));
  return loaded.flatMap((message) => (message ? [message.input] : [])).reverse();
}

/**
 * The LLM pass: the user's provider (or its second-opinion model) replaces
 * the stored analysis; on a spent budget, an invalid or late answer, the
 * stored analysis stays and the reason is recorded on it. Returns an outcome code.
 */
export async function analyseWithProvider(ctx: AnalysisContext, messageId: string, secondOpinion: boolean): Promise<string> {
  const settings = await loadLlmSettings(ctx.sql, ctx.dataKey, ctx.userId);
  if (!settings?.enabled) return "no_provider";
  if ((await analyseNewMessage(ctx, messageId)) === "gone") return "gone";
  const stored = await readAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId);
  const message = await loadMessageForAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId);
  if (!stored || !message) return "gone";
  if (!(await takeLlmBudget(ctx.sql, ctx.userId))) {
    await recordFallback(ctx.sql, ctx.userId, messageId, "budget_spent");
    return "fallback:budget_spent";
  }
  const [user] = await ctx.sql<{ language: "de" | "en" | null }[]>`select language from users where id = ${ctx.userId}`;
  const result = await analyseWithLlm(settings, message.input, {
    visibility: (await accountVisibility(ctx.sql, ctx.userId, message.accountId)) ?? DEFAULT_LLM_VISIBILITY,
    threadContext: await threadContext(ctx, messageId, message.threadId),
    // The summary and reasons are for the user: in the language they chose.
    uiLanguage: user?.language ?? DEFAULT_LANG,
    secondOpinion,
    local: stored.analysis,
    signal: ctx.signal,
    outbound: await loadOutboundPolicy(ctx.sql),
  });
  if (!result.ok) {
    await recordFallback(ctx.sql, ctx.userId, messageId, result.reason);
    return `fallback:${result.reason}`;
  }
  const llmAnalysis = keepVipSender(keepPhishingSuspicion(result.analysis, stored.analysis), stored.analysis);
  // The LLM cannot know what the user taught: learned suggestions first, and never a tag the user rejected here.
  const analysis = { ...llmAnalysis, tags: await suggestTagsForMessage(ctx.sql, ctx.dataKey, ctx.userId, messageId, message, llmAnalysis.tags) };
  await saveAnalysis(ctx.sql, ctx.dataKey, ctx.userId, messageId, analysis, { provider: result.provider, model: result.model, fallbackReason: null });
  // Names of tags the user does not have go to the review queue (a second pass of the message counts nothing twice).
  await noteNameCandidates(ctx.sql, ctx.dataKey, ctx.userId, messageId, llmNameCandidates(message, analysis, result.newTagNames));
  return "analysed";
}

/**
 * The user asked to analyse a message again (local, then the LLM pass if
 * configured) or for a second opinion (needs an enabled provider). Returns
 * the run to follow, or null when a second opinion has no provider to ask.
 */
export async function requestReanalysis(sql: Sql, userId: string, messageId: string, secondOpinion: boolean): Promise<string | null> {
  if (secondOpinion && !(await hasEnabledProvider(sql, userId))) return null;
  return await queueRun(sql, userId, messageId, secondOpinion ? "second_opinion" : "reprocess");
}
