/** Schemas of the VIP senders API and how entries become them. */
import { z } from "@hono/zod-openapi";
import type { VipSender } from "../../../../senders/vip.ts";
import { VIP_SENDER_KINDS } from "../../../../senders/vip-value.ts";

export const VipSenderSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(VIP_SENDER_KINDS).openapi({ description: "`domain` covers its subdomains too." }),
    value: z.string().openapi({ example: "anna@example.org", description: "Lower case; a domain in its Unicode form." }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("VipSender");

export const VipSenderListSchema = z.object({ vipSenders: z.array(VipSenderSchema) }).openapi("VipSenderList");
export type VipSenderList = z.infer<typeof VipSenderListSchema>;

export const NewVipSenderSchema = z
  .object({
    kind: z.enum(VIP_SENDER_KINDS).optional().openapi({ description: "Without it: an address when `value` has an @ before a name, otherwise a domain." }),
    value: z.string().min(1).max(1_000).openapi({ example: "example.org" }),
  })
  .strict()
  .openapi("NewVipSender");

export const VipSenderAddedSchema = z
  .object({ vipSender: VipSenderSchema, created: z.boolean().openapi({ description: "false: the entry was already listed (answered 200, not an error)." }) })
  .openapi("VipSenderAdded");
export type VipSenderAdded = z.infer<typeof VipSenderAddedSchema>;

export const vipSenderJson = (sender: VipSender) => ({ id: sender.id, kind: sender.kind, value: sender.value, createdAt: sender.createdAt.toISOString() });
