import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { endSession } from "../../../auth/sessions.ts";
import type { AppEnv } from "../../env.ts";
import { clearSessionCookie, navigate } from "../../middleware/auth.ts";

/** Ends this session: its row (and, in strict mode, the data key it held) is deleted. */
export function registerSignOut(app: Hono<AppEnv>, services: Services) {
  app.post("/signout", async (c) => {
    const session = c.get("session");
    if (session) {
      await endSession(services.sql, session.userId, session.id);
      services.log.info("signed out", { userId: session.userId });
    }
    clearSessionCookie(c, services.config);
    return navigate(c, "/signin");
  });
}
