/** Whether a message's sender may load remote images: the same rule as the message page (src/http/routes/messages/view/remote.ts), without the one-off `?remote=1`. */
import type { Services } from "../../../../services.ts";
import { z } from "@hono/zod-openapi";
import type { OwnMessage } from "../../../../inbox/message.ts";
import { isSenderTrusted } from "../../../../mail/render/remote-senders.ts";
import { isVipSender } from "../../../../senders/vip.ts";

export const RemoteContentSenderSchema = z
  .object({
    sender: z.string().nullable().openapi({ description: "The message's From address; null when it has none.", example: "news@example.org" }),
    senderTrusted: z.boolean().openapi({ description: "Remote images of this sender's mail are always loaded (the page's “always load for this sender”)." }),
    vipSender: z.boolean().openapi({ description: "A VIP entry covers the sender, which also loads them; withdrawn by removing the entry (DELETE /api/v1/vip-senders/{vipSenderId})." }),
  })
  .openapi("RemoteContentSender");
export type RemoteContentSenderJson = z.infer<typeof RemoteContentSenderSchema>;

export const RemoteContentChoiceSchema = z.object({ trusted: z.boolean().openapi({ example: true }) }).openapi("RemoteContentChoice");

export async function remoteContentState({ sql }: Services, message: OwnMessage): Promise<RemoteContentSenderJson> {
  const sender = message.headers.from[0]?.address?.trim() || null;
  const [senderTrusted, vipSender] = await Promise.all([
    isSenderTrusted(sql, message.dataKey, message.userId, sender ?? undefined),
    isVipSender(sql, message.dataKey, message.userId, sender ?? undefined),
  ]);
  return { sender, senderTrusted, vipSender };
}
