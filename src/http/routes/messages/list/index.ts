/** The message list under /messages (the message page itself, /messages/:id, lives elsewhere). */
import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../../env.ts";
import { registerMessageListBulk } from "./bulk.ts";
import { registerMessageListPage } from "./page.ts";

export function registerMessageList(app: Hono<AppEnv>, services: Services) {
  registerMessageListPage(app, services);
  // Before any /messages/:messageId route, which would otherwise take "bulk" for an id.
  registerMessageListBulk(app, services);
}
