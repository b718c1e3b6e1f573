/** The recent actions page (/actions), its polled table (/actions/status) and undo (/actions/:journalId/undo). */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerRecentActions } from "./page.tsx";
import { registerUndoAction } from "./undo.ts";
import { registerRecentActionsStatus } from "./status.tsx";

export function registerActions(app: Hono<AppEnv>, services: Services) {
  registerRecentActions(app, services);
  registerRecentActionsStatus(app, services);
  registerUndoAction(app, services);
}
