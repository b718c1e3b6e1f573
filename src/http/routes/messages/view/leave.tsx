import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { FOLLOWABLE } from "../../../../mail/render/sanitize.ts";
import { LeavePage } from "../../../../../views/messages/leave-page.tsx";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { pageContext } from "../../../page.ts";

/**
 * Before leaving for a link from a mail whose text named another host, or
 * that would download a file (src/mail/render/deceptive-links.ts): the real
 * target, in full, and a link to it. Nothing is followed without the
 * reader's click, so this is no open redirect.
 */
export function registerLeavePage(app: Hono<AppEnv>, _services: Services) {
  app.get("/leave", (c) => {
    const to = c.req.query("to") ?? "";
    if (!FOLLOWABLE.test(to) || to.length > 8192 || /[\u0000-\u001f\u007f]/.test(to)) throw new AppError("BAD_REQUEST", "not a link a mail may open");
    let host = to.replace(/^(mailto|tel):/i, "");
    try {
      host = new URL(to).hostname || host;
    } catch {
      // mailto: and tel: keep their address
    }
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.html(<LeavePage page={pageContext(c)} to={to} host={host} />);
  });
}
