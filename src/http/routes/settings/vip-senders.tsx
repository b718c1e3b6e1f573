/**
 * /settings/vip-senders: the user's VIP and trusted senders (src/senders/vip.ts),
 * adding an address or a domain, and removing one. Plain forms, answered
 * with a redirect back to the list; a refused entry is shown with what was typed.
 */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { translator } from "../../../i18n/messages.ts";
import { addVipSender, listVipSenders, MAX_VIP_SENDERS, removeVipSender } from "../../../senders/vip.ts";
import { VIP_SENDER_KINDS } from "../../../senders/vip-value.ts";
import { VipSendersPage } from "../../../../views/settings/vip-senders-page.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

const AddFormSchema = v.object({ value: v.pipe(v.string(), v.maxLength(1_000)), kind: v.optional(v.union([v.literal(""), v.picklist(VIP_SENDER_KINDS)])) });
const NOTICES = { added: "vip.notice.added", already: "vip.notice.already", removed: "vip.notice.removed" } as const;

export function registerVipSenderSettings(app: Hono<AppEnv>, services: Services) {
  app.get("/settings/vip-senders", async (c) => {
    const senders = await listVipSenders(services.sql, await requestDataKey(c, services), actingUser(c).id);
    const done = c.req.query("done");
    const entry = senders.find((sender) => sender.id === c.req.query("entry"));
    const notice = done && Object.hasOwn(NOTICES, done) ? translator(c.get("lang"))(NOTICES[done as keyof typeof NOTICES], { value: entry?.value ?? "" }) : undefined;
    c.header("Cache-Control", "no-store");
    return c.html(<VipSendersPage page={pageContext(c)} senders={senders} notice={notice} />);
  });

  app.post("/settings/vip-senders", async (c) => {
    const parsed = v.safeParse(AddFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "value must be an address or a domain, kind address or domain");
    const { value, kind } = parsed.output;
    const dataKey = await requestDataKey(c, services);
    const userId = actingUser(c).id;
    const result = await addVipSender(services.sql, dataKey, userId, value, kind || undefined);
    if (result.outcome === "added" || result.outcome === "already") return navigate(c, `/settings/vip-senders?done=${result.outcome}&entry=${result.sender.id}`);
    const tr = translator(c.get("lang"));
    const error = result.outcome === "invalid" ? tr(`vip.error.${result.reason}`) : tr("vip.error.full", { max: String(MAX_VIP_SENDERS) });
    const senders = await listVipSenders(services.sql, dataKey, userId);
    c.header("Cache-Control", "no-store");
    return c.html(<VipSendersPage page={pageContext(c)} senders={senders} refused={{ value, kind: kind ?? "", error }} />, result.outcome === "full" ? 409 : 400);
  });

  app.post("/settings/vip-senders/:vipSenderId/remove", async (c) => {
    // Scoped by the acting user: another user's id removes nothing and answers 404.
    const removed = await removeVipSender(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("vipSenderId"));
    if (!removed) throw new AppError("NOT_FOUND", "no such VIP sender");
    return navigate(c, "/settings/vip-senders?done=removed");
  });
}
