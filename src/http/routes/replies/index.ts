/** Reply proposals: the message page's panel, the signatures page and the JSON API (src/replies/). */
import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { registerReplyProposalsApi } from "./api.ts";
import { registerReplyProposalPanel } from "./panel.tsx";
import { registerSignatureSettings } from "./signatures.tsx";

export function registerReplies(app: OpenAPIHono<AppEnv>, services: Services) {
  registerReplyProposalPanel(app, services);
  registerSignatureSettings(app, services);
  registerReplyProposalsApi(app, services);
}
