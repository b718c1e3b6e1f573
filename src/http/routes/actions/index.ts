/** The recent actions page (/actions) and undo (/actions/:journalId/undo). */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerRecentActions } from "./page.tsx";
import { registerUndoAction } from "./undo.ts";

export function registerActions(app: Hono<AppEnv>, services: Services) {
  registerRecentActions(app, services);
  registerUndoAction(app, services);
}
