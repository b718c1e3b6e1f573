import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { addVipSender, removeVipSender, vipEntriesFor } from "../../../../senders/vip.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { navigate } from "../../../middleware/auth.ts";
import { ownMessage } from "../../../request.ts";

const VipFormSchema = v.object({ vip: v.picklist(["on", "off"]) });

/**
 * POST /messages/{id}/vip: "Absender als VIP" (vip=on adds the sender's
 * address) or "Aus VIP entfernen" (vip=off removes the address entry; a
 * domain entry is changed on /settings/vip-senders only).
 */
export function registerVipSenderChoice(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/vip", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(VipFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "vip must be on or off");
    const sender = message.headers.from[0]?.address;
    if (!sender?.trim()) throw new AppError("BAD_REQUEST", "the message has no sender address");
    if (parsed.output.vip === "on") {
      const added = await addVipSender(services.sql, message.dataKey, message.userId, sender, "address");
      if (added.outcome === "invalid") throw new AppError("BAD_REQUEST", "the sender address is not one a VIP entry can hold");
      if (added.outcome === "full") throw new AppError("CONFLICT", "the VIP list is full");
    } else {
      const entry = (await vipEntriesFor(services.sql, message.dataKey, message.userId, sender)).find((candidate) => candidate.kind === "address");
      if (entry) await removeVipSender(services.sql, message.dataKey, message.userId, entry.id);
    }
    return navigate(c, `/messages/${message.id}?done=${parsed.output.vip === "on" ? "vip" : "unvip"}`);
  });
}
