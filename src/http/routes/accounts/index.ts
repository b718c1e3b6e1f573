/** The mailbox pages under /accounts; every handler scopes by the acting user (see ownAccount in src/http/request.ts). */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { registerAccountActions } from "./actions.tsx";
import { registerFolderSelection } from "./folders.tsx";
import { registerAccountList } from "./list.tsx";
import { registerNewAccount } from "./new.tsx";
import { registerAccountProgress } from "./progress.tsx";
import { registerAccountPage } from "./show.ts";
import { registerAccountSmtp } from "./smtp.tsx";

export function registerAccounts(app: Hono<AppEnv>, services: Services) {
  registerAccountList(app, services);
  // Before /accounts/:accountId, which would otherwise take "new" for an id.
  registerNewAccount(app, services);
  registerAccountPage(app, services);
  registerAccountProgress(app, services);
  registerFolderSelection(app, services);
  registerAccountActions(app, services);
  registerAccountSmtp(app, services);
}
