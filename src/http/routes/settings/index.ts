/** The settings pages under /settings; every handler scopes by the acting user. */
import type { Hono } from "hono";
import type { AppEnv, AppServices } from "../../env.ts";
import { registerAiSettingsPage } from "./ai-page.ts";
import { registerAiSettingsProbes } from "./ai-probe.tsx";
import { registerAiVisibility } from "./ai-visibility.tsx";
import { registerSenderStatistics } from "./senders.tsx";

export function registerAiSettings(app: Hono<AppEnv>, services: AppServices) {
  registerAiSettingsPage(app, services);
  registerAiSettingsProbes(app, services);
  registerAiVisibility(app, services);
  registerSenderStatistics(app, services);
}
