import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { deleteLlmSettings, saveLlmSettings } from "../../../analysis/llm/settings.ts";
import { translator } from "../../../i18n/messages.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { requestDataKey } from "../../request.ts";
import { parseProviderForm } from "../../../analysis/llm/settings-input.ts";
import { renderAiSettings } from "./ai-render.tsx";

/** The AI settings page, saving the provider form, and removing the provider. */
export function registerAiSettingsPage(app: Hono<AppEnv>, services: Services) {
  app.get("/settings/ai", async (c) => {
    const tr = translator(c.get("lang"));
    const done = c.req.query("done");
    return renderAiSettings(c, services, { notice: done === "saved" ? tr("ai.saved") : done === "deleted" ? tr("ai.deleted") : undefined });
  });

  app.post("/settings/ai", async (c) => {
    const parsed = parseProviderForm(await readForm(c));
    if (!parsed.ok) return renderAiSettings(c, services, { values: parsed.values, invalid: parsed.invalid }, 400);
    const user = actingUser(c);
    await saveLlmSettings(services.sql, await requestDataKey(c, services), user.id, parsed.value);
    c.get("log").info("llm provider saved", { userId: user.id, kind: parsed.value.kind, enabled: parsed.value.enabled });
    return c.redirect("/settings/ai?done=saved", 303);
  });

  app.post("/settings/ai/delete", async (c) => {
    const user = actingUser(c);
    if (await deleteLlmSettings(services.sql, user.id)) c.get("log").info("llm provider removed", { userId: user.id });
    return c.redirect("/settings/ai?done=deleted", 303);
  });
}
