/**
 * Whether this view of a message may load remote content: asked for once
 * (`?remote=1`, a plain link: a GET changes nothing stored), or always for
 * its sender (a choice stored by a POST, ./remote-content.ts).
 */
import type { Services } from "../../../../services.ts";
import type { Context } from "hono";
import { isSenderTrusted } from "../../../../mail/render/remote-senders.ts";
import type { AppEnv } from "../../../env.ts";
import type { OwnMessage } from "../../../../inbox/message.ts";

export interface RemoteChoice {
  allowed: boolean;
  once: boolean;
  senderTrusted: boolean;
}

export async function remoteChoice(c: Context<AppEnv>, services: Services, message: OwnMessage): Promise<RemoteChoice> {
  const once = c.req.query("remote") === "1";
  const senderTrusted = await isSenderTrusted(services.sql, message.dataKey, message.userId, message.headers.from[0]?.address);
  return { allowed: once || senderTrusted, once, senderTrusted };
}
