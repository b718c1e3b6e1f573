/**
 * An administrator makes another user an administrator or takes the role
 * away. Never their own role: like disabling and deleting (./admin.ts), so
 * there is always an administrator left.
 */
import type { Services } from "../services.ts";
import type { AdminRefusal } from "./admin.ts";
import { audit } from "./audit.ts";
import { getUser, type Role, type User } from "./users.ts";

export async function setUserRole(services: Services, actor: User, targetId: string, role: Role): Promise<{ ok: true; user: User } | { ok: false; reason: AdminRefusal }> {
  const target = await getUser(services.sql, targetId);
  if (!target) return { ok: false, reason: "not_found" };
  if (target.id === actor.id) return { ok: false, reason: "self" };
  if (target.role === role) return { ok: true, user: target };
  await services.sql.begin(async (tx) => {
    await tx`update users set role = ${role} where id = ${targetId}`;
    await audit(tx, services.log, "user.role_changed", { actorId: actor.id, subjectId: targetId, detail: { role } });
  });
  return { ok: true, user: { ...target, role } };
}
