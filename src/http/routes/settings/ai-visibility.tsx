import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { LLM_VISIBILITIES, type LlmVisibility } from "../../../analysis/llm/types.ts";
import { accountVisibility, setAccountVisibility } from "../../../analysis/llm/visibility.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx } from "../../request.ts";
import { VisibilityRow } from "../../../../views/settings/ai-page.tsx";

/** What one mailbox lets the provider see. Ownership is checked before the value, so another user's account is 404 whatever is posted. */
export function registerAiVisibility(app: Hono<AppEnv>, { sql }: Services) {
  app.post("/settings/ai/accounts/:accountId", async (c) => {
    const user = actingUser(c);
    const accountId = c.req.param("accountId");
    if (!(await accountVisibility(sql, user.id, accountId))) throw new AppError("NOT_FOUND", "no such mail account");
    const { visibility } = await readForm(c);
    if (!LLM_VISIBILITIES.includes(visibility as LlmVisibility)) throw new AppError("BAD_REQUEST", `visibility must be one of ${LLM_VISIBILITIES.join(", ")}`);
    const account = await setAccountVisibility(sql, user.id, accountId, visibility as LlmVisibility);
    if (!account) throw new AppError("NOT_FOUND", "no such mail account");
    c.get("log").info("llm visibility changed", { userId: user.id, accountId, visibility });
    if (!isHtmx(c)) return c.redirect(`/settings/ai#account-visibility-${accountId}`, 303);
    return c.html(<VisibilityRow page={pageContext(c)} account={account} saved />);
  });
}
