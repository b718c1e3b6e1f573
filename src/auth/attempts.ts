/**
 * One guarded authentication attempt (password, code, invitation): claim
 * it under the throttle (which counts it as a failure until it succeeds),
 * then log its failure or clear the counters on success. Every delay and
 * every failure is logged, never with the secret that was tried.
 */
import type { Services } from "../services.ts";
import { throttleKey } from "./services.ts";
import { claimAttempt, clearFailures, type ThrottleDecision, type ThrottleSubjects } from "./throttle.ts";

export type AttemptClaim = Extract<ThrottleDecision, { allowed: true }>;

export async function beginAttempt(services: Services, subjects: ThrottleSubjects, userId?: string): Promise<ThrottleDecision> {
  const decision = await claimAttempt(services.sql, throttleKey(services), subjects);
  if (!decision.allowed) {
    services.log.warn("authentication delayed", { scope: subjects.scope, by: decision.by, retryAfterMs: decision.retryAfterMs, userId, clientAddress: subjects.address });
  }
  return decision;
}

/** The attempt was counted when it was claimed; this only logs it with the delays it started. */
export function failAttempt(services: Services, claim: AttemptClaim, subjects: ThrottleSubjects, reason: string, userId?: string): void {
  const { failures, delayMs, addressDelayMs } = claim;
  services.log.warn("authentication failed", { scope: subjects.scope, reason, userId, clientAddress: subjects.address, failures, delayMs, addressDelayMs });
}

export async function succeedAttempt(services: Services, subjects: ThrottleSubjects): Promise<void> {
  await clearFailures(services.sql, throttleKey(services), subjects);
}
