/** What the /api/v1/me/… files share: the failed re-authentication as an error, and the tags and security of every route. */
import type { Context } from "hono";
import type { ReauthFailure } from "../../../../auth/account.ts";
import { translator } from "../../../../i18n/messages.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { retryAfterSeconds } from "../../../form.ts";

export const ACCOUNT_TAGS = ["Account"];

/** The current password is wrong (403) or was tried too often (429, with Retry-After), as the pages answer. */
export function reauthError(c: Context<AppEnv>, failure: ReauthFailure): AppError {
  const tr = translator(c.get("lang"));
  if (failure.reason === "throttled") {
    const seconds = retryAfterSeconds(failure.retryAfterMs);
    return new AppError("RATE_LIMITED", tr("signin.throttled", { seconds }), { "Retry-After": seconds });
  }
  return new AppError("FORBIDDEN", tr("passwordChange.wrong"));
}

export const reauthResponses = {
  403: errorSpec("The current password is wrong"),
  429: errorSpec("Too many wrong passwords: wait the seconds in Retry-After"),
} as const;
