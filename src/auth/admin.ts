/**
 * What administrators do to other users: disable, enable, delete, and the
 * password reset that wipes the user's encrypted data (the only way: nobody,
 * the administrator included, can recover data without the user's password).
 */
import type { Services } from "../services.ts";
import { randomBytes } from "node:crypto";
import { generateDataKey, wrapWithMaster } from "../crypto/data-key.ts";
import { audit } from "./audit.ts";
import { eraseUser } from "./delete-user.ts";
import { createInvitation } from "./invitations.ts";
import { wipeEncryptedData } from "./wipe.ts";
import { getUser, sealPassword, storePassword, type User } from "./users.ts";

export type AdminRefusal = "not_found" | "self";

/** An administrator cannot disable, delete or reset themselves, so there is always an active administrator. */
async function refusal(services: Services, actor: User, targetId: string): Promise<{ target: User } | { refused: AdminRefusal }> {
  const target = await getUser(services.sql, targetId);
  if (!target) return { refused: "not_found" };
  if (target.id === actor.id) return { refused: "self" };
  return { target };
}

export async function setUserStatus(services: Services, actor: User, targetId: string, status: "active" | "disabled"): Promise<AdminRefusal | undefined> {
  const checked = await refusal(services, actor, targetId);
  if ("refused" in checked) return checked.refused;
  await services.sql.begin(async (tx) => {
    await tx`update users set status = ${status} where id = ${targetId}`;
    if (status === "disabled") {
      await tx`delete from sessions where user_id = ${targetId}`;
      await tx`delete from trusted_devices where user_id = ${targetId}`;
    }
    await audit(tx, services.log, status === "disabled" ? "user.disabled" : "user.enabled", { actorId: actor.id, subjectId: targetId });
  });
  return undefined;
}

/** Deletion by crypto-erasure (src/auth/delete-user.ts): the key first, the rows by a job. */
export async function deleteUser(services: Services, actor: User, targetId: string): Promise<AdminRefusal | undefined> {
  const checked = await refusal(services, actor, targetId);
  if ("refused" in checked) return checked.refused;
  return (await eraseUser(services, targetId, { id: actor.id, self: false })) === "erased" ? undefined : "not_found";
}

/**
 * Wipes the user's encrypted data, gives them a new data key (background
 * mode, wrapped by the master key; the password wrap is of a random value no
 * one knows) and returns a single-use link for them to set a new password.
 */
export async function resetUserPassword(services: Services, actor: User, targetId: string, days = 3): Promise<{ token: string; expiresAt: Date } | AdminRefusal> {
  const checked = await refusal(services, actor, targetId);
  if ("refused" in checked) return checked.refused;
  const dataKey = generateDataKey();
  const unusable = randomBytes(32).toString("base64url");
  const sealed = await sealPassword(dataKey, unusable, targetId);
  const masterWrap = wrapWithMaster(dataKey, services.keyring, targetId);
  return await services.sql.begin(async (tx) => {
    await wipeEncryptedData(tx, targetId);
    await storePassword(tx, targetId, sealed);
    await tx`
      update users set key_mode = 'background', dek_master_wrapped = ${masterWrap.wrapped}, dek_master_key_id = ${masterWrap.keyId}
      where id = ${targetId}`;
    await tx`update invitations set revoked_at = now() where user_id = ${targetId} and kind = 'password_reset' and used_at is null and revoked_at is null`;
    const { token, invitation } = await createInvitation(tx, { kind: "password_reset", createdBy: actor.id, role: checked.target.role, days, userId: targetId, email: checked.target.email });
    await audit(tx, services.log, "user.password_reset_by_admin", { actorId: actor.id, subjectId: targetId, detail: { encryptedDataWiped: true } });
    return { token, expiresAt: invitation.expiresAt };
  });
}
