/** Schemas of the sign-up invitations API for administrators. */
import { z } from "@hono/zod-openapi";
import { INVITATION_MAX_DAYS, type Invitation } from "../../../../auth/invitations.ts";
import { pageCursors } from "./admin-schemas.ts";

export const InvitationSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string().nullable().openapi({ description: "Who it is meant for, if the administrator said so (not enforced at sign-up)." }),
    role: z.enum(["admin", "user"]),
    state: z.enum(["open", "used", "revoked", "expired"]),
    createdAt: z.string().openapi({ format: "date-time" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
    usedAt: z.string().nullable().openapi({ format: "date-time" }),
    revokedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("Invitation");
export type InvitationJson = z.infer<typeof InvitationSchema>;

export const InvitationListSchema = z.object({ invitations: z.array(InvitationSchema), ...pageCursors }).openapi("InvitationList");
export type InvitationList = z.infer<typeof InvitationListSchema>;

export const NewInvitationSchema = z
  .object({
    email: z
      .string()
      .trim()
      .max(254)
      .regex(/^[^\s@]+@[^\s@]+$/, "not an email address")
      .optional(),
    role: z.enum(["admin", "user"]).default("user"),
    days: z
      .number()
      .int()
      .min(1)
      .max(INVITATION_MAX_DAYS)
      .default(7)
      .openapi({ description: `How long the link works, 1 to ${INVITATION_MAX_DAYS} days` }),
  })
  .openapi("NewInvitation");

export const CreatedInvitationSchema = z
  .object({
    invitation: InvitationSchema,
    url: z.string().openapi({ description: "The sign-up link to pass on. Shown once: only its hash is stored." }),
  })
  .openapi("CreatedInvitation");
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

function stateOf(invitation: Invitation, now: Date): InvitationJson["state"] {
  if (invitation.usedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt <= now ? "expired" : "open";
}

export function invitationJson(invitation: Invitation, now = new Date()): InvitationJson {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    state: stateOf(invitation, now),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    usedAt: invitation.usedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
  };
}
