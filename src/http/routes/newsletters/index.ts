/** Newsletters: the overview of senders with their choices, and "Abbestellen" on a message. */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerNewsletterOverview } from "./overview.tsx";
import { registerUnsubscribe } from "./unsubscribe.tsx";

export function registerNewsletters(app: Hono<AppEnv>, services: Services) {
  registerNewsletterOverview(app, services);
  registerUnsubscribe(app, services);
}
