import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { newsletterSenders, setAlwaysArchive } from "../../../inbox/newsletters.ts";
import { NewslettersPage } from "../../../../views/newsletters/overview-page.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

const NOTICES = { on: "newsletters.notice.archiveOn", off: "newsletters.notice.archiveOff" } as const;

/** The newsletter overview, and "always archive" per sender (by its key; another user's sender is 404). */
export function registerNewsletterOverview(app: Hono<AppEnv>, services: Services) {
  app.get("/newsletters", async (c) => {
    const userId = actingUser(c).id;
    const senders = await newsletterSenders(services.sql, await requestDataKey(c, services), userId);
    const notice = NOTICES[c.req.query("done") as keyof typeof NOTICES];
    c.header("Cache-Control", "no-store");
    return c.html(<NewslettersPage page={pageContext(c)} senders={senders} notice={notice ? translator(c.get("lang"))(notice) : undefined} />);
  });

  app.post("/newsletters/always-archive", async (c) => {
    const form = await readForm(c);
    if (form.on !== "yes" && form.on !== "no") throw new AppError("BAD_REQUEST", "on must be yes or no");
    if (!form.sender || !/^[0-9a-f]{64}$/.test(form.sender)) throw new AppError("BAD_REQUEST", "sender must be a sender key");
    if (!(await setAlwaysArchive(services.sql, actingUser(c).id, form.sender, form.on === "yes"))) throw new AppError("NOT_FOUND", "no such sender");
    return c.redirect(`/newsletters?done=${form.on === "yes" ? "on" : "off"}`, 303);
  });
}
