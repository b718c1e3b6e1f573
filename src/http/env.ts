/** Types shared by every route: the Hono environment and the app's services. */
import type { LanguageVariables } from "hono/language";
import type { RequestIdVariables } from "hono/request-id";
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { TokenRequest } from "../auth/api-tokens.ts";
import type { LiveSession } from "../auth/sessions.ts";
import type { User } from "../auth/users.ts";
import type { Lang } from "../i18n/messages.ts";
import type { Logger } from "../log.ts";

export type AppEnv = {
  Variables: RequestIdVariables &
    SecureHeadersVariables &
    LanguageVariables & {
      /** Logger with this request's id bound. */
      log: Logger;
      lang: Lang;
      /** The signed-in user and session, set by the auth middleware (any stage). */
      user?: User;
      session?: LiveSession;
      /** Set instead of `session` when an /api/v1 request carries a personal API token (middleware/bearer-token.ts). */
      apiToken?: TokenRequest;
    };
};

export type { LiveSession };
