/**
 * /settings/signatures: a signature per mail account (src/replies/signatures.ts),
 * the text under every reply proposed for that account's mail. Plain forms,
 * answered with a redirect back; another user's account answers 404.
 */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { listSignatures, saveSignature } from "../../../replies/signatures.ts";
import { SignaturesPage } from "../../../../views/replies/signatures-page.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

export function registerSignatureSettings(app: Hono<AppEnv>, services: Services) {
  app.get("/settings/signatures", async (c) => {
    const signatures = await listSignatures(services.sql, await requestDataKey(c, services), actingUser(c).id);
    const notice = c.req.query("done") === "saved" ? translator(c.get("lang"))("replies.signatures.saved") : undefined;
    c.header("Cache-Control", "no-store");
    return c.html(<SignaturesPage page={pageContext(c)} signatures={signatures} notice={notice} />);
  });

  app.post("/settings/signatures/:accountId", async (c) => {
    const accountId = c.req.param("accountId");
    const saved = await saveSignature(services.sql, await requestDataKey(c, services), actingUser(c).id, accountId, (await readForm(c)).signature ?? "");
    if (!saved) throw new AppError("NOT_FOUND", "no such mail account");
    return navigate(c, `/settings/signatures?done=saved#signature-${accountId}`);
  });
}
