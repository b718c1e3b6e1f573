import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { FolderRow } from "../../../../views/accounts/folders.tsx";
import { setFolderSelected } from "../../../mail/folders.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, ownAccount } from "../../request.ts";

/** Includes a folder in sync (selected=true) or leaves it out (selected=false). */
export function registerFolderSelection(app: Hono<AppEnv>, services: Services) {
  app.post("/accounts/:accountId/folders/:folderId", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const folderId = c.req.param("folderId");
    const { selected } = await readForm(c);
    if (selected !== "true" && selected !== "false") throw new AppError("BAD_REQUEST", "selected must be true or false");
    const folder = await setFolderSelected(services.sql, account.userId, account.id, folderId, selected === "true");
    if (!folder) throw new AppError("NOT_FOUND", "no such folder in this mail account");
    if (!isHtmx(c)) return c.redirect(`/accounts/${account.id}#folders-title`, 303);
    return c.html(<FolderRow page={pageContext(c)} folder={folder} />);
  });
}
