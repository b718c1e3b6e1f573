/** The message view: its page, the sandboxed body, attachment downloads, the remote-content and VIP choices, the page's actions, its tags and its similar messages. */
import type { Services } from "../../../../services.ts";
import { registerAnalysisForms } from "./correction.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../../env.ts";
import { registerMessageActions } from "./actions.ts";
import { registerAttachmentDownload } from "./attachment.ts";
import { registerMessageBody } from "./body.ts";
import { registerLeavePage } from "./leave.tsx";
import { registerMessagePage } from "./page.tsx";
import { registerRemoteContentChoice } from "./remote-content.ts";
import { registerMessageTagForms } from "./tags.ts";
import { registerVipSenderChoice } from "./vip.ts";
import { registerSimilarMessages } from "./similar.tsx";

export function registerMessageView(app: Hono<AppEnv>, services: Services) {
  registerMessagePage(app, services);
  registerMessageBody(app, services);
  registerAttachmentDownload(app, services);
  registerRemoteContentChoice(app, services);
  registerVipSenderChoice(app, services);
  registerMessageActions(app, services);
  registerAnalysisForms(app, services);
  registerLeavePage(app, services);
  registerMessageTagForms(app, services);
  registerSimilarMessages(app, services);
}
