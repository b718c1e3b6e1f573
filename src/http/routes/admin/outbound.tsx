import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { OutboundPage } from "../../../../views/admin/outbound.tsx";
import { audit } from "../../../auth/audit.ts";
import { parseAllowedTargetList } from "../../../net/allowed-targets.ts";
import { listAllowedTargets, replaceAllowedTargets } from "../../../net/allowed-targets-store.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Where the server may connect for users beyond public addresses (the guard already answered 404 to anyone who is not an administrator). */
export function registerAdminOutbound(app: Hono<AppEnv>, services: Services) {
  const storedText = async () => (await listAllowedTargets(services.sql)).map((target) => target.text).join("\n");

  app.get("/admin/outbound", async (c) => c.html(<OutboundPage page={pageContext(c)} text={await storedText()} saved={c.req.query("saved") === "1"} />));

  app.post("/admin/outbound", async (c) => {
    const text = (await readForm(c)).targets ?? "";
    const parsed = parseAllowedTargetList(text);
    // Nothing is saved unless every line is an entry: half a list could leave out what a user relies on.
    if (!parsed.ok) return c.html(<OutboundPage page={pageContext(c)} text={text} invalid={parsed.invalid} />, 400);
    const admin = actingUser(c);
    const { added, removed } = await replaceAllowedTargets(services.sql, parsed.targets, admin.id);
    if (added.length || removed.length) await audit(services.sql, c.get("log"), "outbound.allowed_targets_changed", { actorId: admin.id, detail: { added, removed } });
    return c.redirect("/admin/outbound?saved=1", 303);
  });
}
