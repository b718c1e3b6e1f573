/** The threads pages: /threads (conversations, newest activity first) and /threads/:threadId (its messages, oldest first). */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerThreadList } from "./list.tsx";
import { registerThreadPage } from "./show.tsx";

export function registerThreads(app: Hono<AppEnv>, services: Services) {
  registerThreadList(app, services);
  registerThreadPage(app, services);
}
