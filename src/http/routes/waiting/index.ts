/** "Waiting for reply" (page, forms, API) and translation on demand (the message page's form and the API). */
import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { registerWaitingApi } from "./api.ts";
import { registerWaitingPage } from "./page.tsx";
import { registerTranslationForm } from "./translation.ts";

export function registerWaiting(app: OpenAPIHono<AppEnv>, services: Services) {
  registerWaitingPage(app, services);
  registerTranslationForm(app, services);
  registerWaitingApi(app, services);
}
