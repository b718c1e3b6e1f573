/**
 * What every route that makes the server connect somewhere for a user
 * (IMAP account tests, LLM provider tests and model lists) shares: a
 * per-user budget (429 with Retry-After past it), and one answer for every
 * way of not getting a connection. To anyone but an administrator, a
 * refused target, an unknown name, a closed port, a time-out and a TLS
 * failure read the same, so the answers cannot map the server's network.
 */
import type { Services } from "../services.ts";
import type { Context } from "hono";
import type { ImapFailure } from "../mail/imap/errors.ts";
import type { TransportFailure } from "../analysis/llm/types.ts";
import { claimConnectionTest } from "../net/connection-test-budget.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { retryAfterSeconds, throttledMessage } from "./form.ts";
import { actingUser } from "./middleware/auth.ts";

/** Failures before a server answered: told apart only to administrators. */
const CONNECTION_STAGE = new Set<string>(["unreachable", "timeout", "tls"]);

/** The one detail a non-administrator gets for any failure to connect. */
export const CANNOT_CONNECT = "cannot connect to the server";

/** @throws AppError RATE_LIMITED (429, Retry-After) past CONNECTION_TESTS_PER_MINUTE */
export async function claimConnectionTestOrRefuse(c: Context<AppEnv>, services: Services): Promise<void> {
  const claim = await claimConnectionTest(services.sql, actingUser(c).id);
  if (claim.allowed) return;
  const message = throttledMessage(c, claim.retryAfterMs);
  throw new AppError("RATE_LIMITED", message, { "Retry-After": retryAfterSeconds(claim.retryAfterMs) });
}

const isAdmin = (c: Context<AppEnv>) => c.get("user")?.role === "admin";

/** An IMAP connection test's failure as the acting user may see it. */
export function visibleImapFailure<F extends { reason: ImapFailure; message: string }>(c: Context<AppEnv>, failure: F): F {
  return isAdmin(c) || !CONNECTION_STAGE.has(failure.reason) ? failure : { ...failure, reason: "unreachable", message: CANNOT_CONNECT };
}

/** An LLM provider's failure as the acting user may see it. */
export function visibleTransportFailure<F extends { reason: TransportFailure; detail: string }>(c: Context<AppEnv>, failure: F): F {
  return isAdmin(c) || !CONNECTION_STAGE.has(failure.reason) ? failure : { ...failure, reason: "unreachable", detail: CANNOT_CONNECT };
}
