/**
 * The JSON body of a delivery: `{ type, timestamp, data }` (Standard
 * Webhooks). `data` holds ids and, for message events, the analysis result;
 * never the subject, sender or summary unless the hook includes text, and
 * never the body of a message.
 */
import { readAnalysis } from "../analysis/analysis-store.ts";
import { priorityScore, trafficLight } from "../analysis/score.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";
import type { WebhookEvent } from "./limits.ts";

export interface EventRecord {
  type: WebhookEvent;
  data: Record<string, unknown>;
  at: Date;
}

async function messageFacts(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, includeText: boolean) {
  const [row] = await sql<{ accountId: string; threadId: string | null; summary: Uint8Array; legacy: boolean }[]>`
    select m.account_id as "accountId", m.thread_id as "threadId", ${summaryColumns(sql)} from messages m where m.id = ${messageId} and m.user_id = ${userId}`;
  if (!row) return { gone: true };
  const stored = await readAnalysis(sql, dataKey, userId, messageId);
  const analysis = stored?.analysis;
  const facts: Record<string, unknown> = {
    accountId: row.accountId,
    threadId: row.threadId,
    analysis: analysis
      ? {
          trafficLight: trafficLight(priorityScore(analysis.urgency.value, analysis.importance.value)),
          priority: priorityScore(analysis.urgency.value, analysis.importance.value),
          urgency: analysis.urgency.value,
          importance: analysis.importance.value,
          category: analysis.category.value,
          spam: analysis.spam.value,
          newsletter: analysis.newsletter.value,
          phishing: analysis.phishing?.value ?? false,
          tags: analysis.tags.map((tag) => tag.name),
          provider: stored.provenance.provider,
        }
      : null,
  };
  if (includeText) {
    const summary = readSummary(dataKey, userId, messageId, row);
    facts.subject = summary?.subject ?? "";
    facts.from = summary?.from[0] ? { name: summary.from[0].name, address: summary.from[0].address } : null;
    facts.summary = analysis?.summary ?? "";
  }
  return facts;
}

export async function buildEventBody(sql: Sql, dataKey: SecretKey, userId: string, event: EventRecord, includeText: boolean): Promise<string> {
  let data: Record<string, unknown> = { ...event.data };
  const messageId = typeof event.data.messageId === "string" ? event.data.messageId : undefined;
  if (messageId && (event.type === "message.analysed" || event.type === "message.red" || includeText)) {
    const facts = await messageFacts(sql, dataKey, userId, messageId, includeText);
    // rule.acted names the message; its analysis belongs to the message events.
    if (event.type === "rule.acted") delete facts.analysis;
    data = { ...data, ...facts };
  }
  return JSON.stringify({ type: event.type, timestamp: event.at.toISOString(), data });
}
