/** Writing mail: the compose pages (new, reply, reply all, forward, a draft continued), drafts, sending with undo, address completion. */
import type { Hono } from "hono";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { registerAddressCompletion } from "./addresses.tsx";
import { registerDrafts } from "./drafts.tsx";
import { registerComposeForm } from "./form.tsx";
import { registerSend } from "./send.tsx";

export function registerCompose(app: Hono<AppEnv>, services: Services) {
  registerComposeForm(app, services);
  registerDrafts(app, services);
  registerSend(app, services);
  registerAddressCompletion(app, services);
}
