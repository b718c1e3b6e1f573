/** An administrator's sign-up invitation, created and written to the audit log in one transaction. */
import type { Services } from "../services.ts";
import { audit } from "./audit.ts";
import { createInvitation, type Invitation } from "./invitations.ts";
import type { Role } from "./users.ts";

export async function inviteUser(services: Services, actorId: string, input: { email: string | null; role: Role; days: number }): Promise<{ invitation: Invitation; token: string }> {
  return await services.sql.begin(async (tx) => {
    const created = await createInvitation(tx, { createdBy: actorId, email: input.email, role: input.role, days: input.days });
    await audit(tx, services.log, "invitation.created", { actorId, detail: { invitationId: created.invitation.id, role: input.role } });
    return created;
  });
}
