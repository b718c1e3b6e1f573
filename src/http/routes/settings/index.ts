/** The settings pages under /settings; every handler scopes by the acting user. */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerAiSettingsPage } from "./ai-page.ts";
import { registerAiSettingsProbes } from "./ai-probe.tsx";
import { registerAiVisibility } from "./ai-visibility.tsx";
import { registerSenderStatistics } from "./senders.tsx";
import { registerVipSenderSettings } from "./vip-senders.tsx";
import { registerWebhookSettings } from "./webhooks.tsx";

export function registerAiSettings(app: Hono<AppEnv>, services: Services) {
  registerAiSettingsPage(app, services);
  registerAiSettingsProbes(app, services);
  registerAiVisibility(app, services);
  registerSenderStatistics(app, services);
  registerVipSenderSettings(app, services);
  registerWebhookSettings(app, services);
}
