import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { endOtherSessions, endSession, listSessions } from "../../../auth/sessions.ts";
import { forgetTrustedDevice, listTrustedDevices } from "../../../auth/trusted-devices.ts";
import { translator } from "../../../i18n/messages.ts";
import { EndOthers, SessionsPage } from "../../../../views/account/sessions.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { actingSession, actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx } from "../../request.ts";

/** The user's devices; any other one can be signed out. */
export function registerSessions(app: Hono<AppEnv>, services: Services) {
  app.get("/account/sessions", async (c) => {
    const user = actingUser(c);
    const [sessions, devices] = await Promise.all([listSessions(services.sql, user.id), listTrustedDevices(services.sql, user.id)]);
    return c.html(<SessionsPage page={pageContext(c)} sessions={sessions} devices={devices} currentId={actingSession(c).id} />);
  });

  app.post("/account/trusted-devices/:deviceId/forget", async (c) => {
    const user = actingUser(c);
    // Scoped by the acting user: another user's device id matches nothing.
    if (!(await forgetTrustedDevice(services.sql, user.id, c.req.param("deviceId")))) throw new AppError("NOT_FOUND", "no such device");
    services.log.info("trusted device forgotten by its user", { userId: user.id });
    return c.redirect("/account/sessions", 303);
  });

  app.post("/account/sessions/:sessionId/end", async (c) => {
    const user = actingUser(c);
    const sessionId = c.req.param("sessionId");
    // Scoped by the acting user: another user's session id matches nothing.
    if (sessionId === actingSession(c).id || !(await endSession(services.sql, user.id, sessionId))) {
      throw new AppError("NOT_FOUND", "no such session");
    }
    services.log.info("session ended by its user", { userId: user.id });
    if (isHtmx(c)) {
      const others = (await listSessions(services.sql, user.id)).length - 1;
      return c.html(<EndOthers page={pageContext(c)} others={others} outOfBand />);
    }
    return c.redirect("/account/sessions", 303);
  });

  app.post("/account/sessions/end-others", async (c) => {
    const user = actingUser(c);
    const session = actingSession(c);
    const ended = await endOtherSessions(services.sql, user.id, session.id);
    const notice = translator(c.get("lang"))("sessions.ended", { count: String(ended) });
    const [sessions, devices] = await Promise.all([listSessions(services.sql, user.id), listTrustedDevices(services.sql, user.id)]);
    return c.html(<SessionsPage page={pageContext(c)} sessions={sessions} devices={devices} currentId={session.id} notice={notice} />);
  });
}
