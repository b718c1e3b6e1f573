/**
 * Whether this view of a message may load remote content: asked for once
 * (`?remote=1`, a plain link: a GET changes nothing stored), or always for
 * its sender (a choice stored by a POST, ./remote-content.ts), or because
 * the sender is one of the user's VIPs (src/senders/vip.ts).
 */
import type { Services } from "../../../../services.ts";
import type { Context } from "hono";
import { isSenderTrusted } from "../../../../mail/render/remote-senders.ts";
import { isVipSender } from "../../../../senders/vip.ts";
import type { AppEnv } from "../../../env.ts";
import type { OwnMessage } from "../../../../inbox/message.ts";

export interface RemoteChoice {
  allowed: boolean;
  once: boolean;
  senderTrusted: boolean;
  /** A VIP entry covers the sender: loaded like an allowed sender, withdrawn by removing the entry. */
  vipSender: boolean;
}

export async function remoteChoice(c: Context<AppEnv>, services: Services, message: OwnMessage): Promise<RemoteChoice> {
  const once = c.req.query("remote") === "1";
  const sender = message.headers.from[0]?.address;
  const [senderTrusted, vipSender] = await Promise.all([isSenderTrusted(services.sql, message.dataKey, message.userId, sender), isVipSender(services.sql, message.dataKey, message.userId, sender)]);
  return { allowed: once || senderTrusted || vipSender, once, senderTrusted, vipSender };
}
