/**
 * One guarded authentication attempt (password, code, invitation): claim
 * it under the throttle, then record its failure or success. Every delay
 * and every failure is logged, never with the secret that was tried.
 */
import { throttleKey, type AuthServices } from "./services.ts";
import { claimAttempt, clearFailures, recordFailure, type ThrottleDecision, type ThrottleSubjects } from "./throttle.ts";

export async function beginAttempt(services: AuthServices, subjects: ThrottleSubjects, userId?: string): Promise<ThrottleDecision> {
  const decision = await claimAttempt(services.sql, throttleKey(services), subjects);
  if (!decision.allowed) {
    services.log.warn("authentication delayed", { scope: subjects.scope, by: decision.by, retryAfterMs: decision.retryAfterMs, userId, clientAddress: subjects.address });
  }
  return decision;
}

export async function failAttempt(services: AuthServices, subjects: ThrottleSubjects, reason: string, userId?: string): Promise<void> {
  const delays = await recordFailure(services.sql, throttleKey(services), subjects);
  services.log.warn("authentication failed", { scope: subjects.scope, reason, userId, clientAddress: subjects.address, ...delays });
}

export async function succeedAttempt(services: AuthServices, subjects: ThrottleSubjects): Promise<void> {
  await clearFailures(services.sql, throttleKey(services), subjects);
}
