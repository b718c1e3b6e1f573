import type { Hono } from "hono";
import { translator } from "../../../../i18n/messages.ts";
import { FOLLOWABLE } from "../../../../mail/render/sanitize.ts";
import { Layout } from "../../../../../views/layout.tsx";
import type { AppEnv, AppServices } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { pageContext } from "../../../page.ts";

/**
 * Before leaving for a link from a mail whose text named another host, or
 * that would download a file (src/mail/render/deceptive-links.ts): the real
 * target, in full, and a link to it. Nothing is followed without the
 * reader's click, so this is no open redirect.
 */
export function registerLeavePage(app: Hono<AppEnv>, _services: AppServices) {
  app.get("/leave", (c) => {
    const to = c.req.query("to") ?? "";
    if (!FOLLOWABLE.test(to) || to.length > 8192 || /[\u0000-\u001f\u007f]/.test(to)) throw new AppError("BAD_REQUEST", "not a link a mail may open");
    const tr = translator(c.get("lang"));
    let host = to.replace(/^(mailto|tel):/i, "");
    try {
      host = new URL(to).hostname || host;
    } catch {
      // mailto: and tel: keep their address
    }
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.html(
      <Layout page={pageContext(c)} title={tr("leave.title")}>
        <section class="card leave">
          <h1>{tr("leave.title")}</h1>
          <p>{tr("leave.why")}</p>
          <p>
            {tr("leave.goesTo")} <strong class="leave-host">{host}</strong>
          </p>
          <p>
            <code class="leave-url">{to}</code>
          </p>
          <p>
            <a class="button" href={to} rel="noopener noreferrer">
              {tr("leave.continue", { host })}
            </a>
          </p>
        </section>
      </Layout>,
    );
  });
}
