/**
 * What domain code calls to count things: one line at the place it happens,
 * no await, no I/O. Each helper takes only bounded values (kinds, reasons,
 * counts) so a caller cannot put a private value into a label by accident.
 */
import { priorityScore, trafficLight } from "../analysis/score.ts";
import type { Analysis, ProviderKind } from "../analysis/types.ts";
import { analyses, analysisVerdicts, idleConnections, llmCalls, llmFailures, llmTokens, syncErrors, syncMessagesStored } from "./registry.ts";

/** An account's kind: its IMAP security mode, the one thing about its server that says nothing about who it is. */
export type AccountKind = "tls" | "starttls" | "none";

/** A finished sync of an account: the new messages it stored. */
export function recordSyncStored(kind: AccountKind, newMessages: number): void {
  syncMessagesStored.inc({ kind }, newMessages);
}

/** A sync that failed: `reason` is an ImapFailure or "internal" (database and program errors). */
export function recordSyncError(kind: AccountKind, reason: string): void {
  syncErrors.inc({ kind, reason });
}

/**
 * Counts an IDLE connection as open; the returned function counts it closed
 * (once, however often it is called).
 *
 * @example
 *   const closed = trackIdleConnection();
 *   try { await idleLoop(); } finally { closed(); }
 */
export function trackIdleConnection(): () => void {
  idleConnections.inc();
  let open = true;
  return () => {
    if (open) idleConnections.dec();
    open = false;
  };
}

export type LlmOperation = "chat" | "embed" | "list_models";

/** One request to a provider and how it went; `usage` as the provider reported it (chat only). */
export function recordLlmCall(
  provider: Exclude<ProviderKind, "local">,
  operation: LlmOperation,
  result: { ok: true; usage?: { promptTokens: number; completionTokens: number } } | { ok: false; reason: string },
): void {
  llmCalls.inc({ provider, operation });
  if (!result.ok) {
    llmFailures.inc({ provider, operation, reason: result.reason });
    return;
  }
  if (result.usage) {
    llmTokens.inc({ provider, type: "prompt" }, result.usage.promptTokens);
    llmTokens.inc({ provider, type: "completion" }, result.usage.completionTokens);
  }
}

/** A stored analysis: its traffic light and its spam / newsletter / phishing verdicts. */
export function recordAnalysis(provider: ProviderKind, analysis: Analysis): void {
  analyses.inc({ provider, traffic_light: trafficLight(priorityScore(analysis.urgency.value, analysis.importance.value)) });
  if (analysis.spam.value) analysisVerdicts.inc({ verdict: "spam" });
  if (analysis.newsletter.value) analysisVerdicts.inc({ verdict: "newsletter" });
  if (analysis.phishing?.value) analysisVerdicts.inc({ verdict: "phishing" });
}
