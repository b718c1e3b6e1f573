/**
 * Deleting an account by crypto-erasure, in two steps:
 *
 * 1. `eraseUser`, one transaction: every wrap of the user's data key is
 *    destroyed (the password wrap and the master wrap on the user row, the
 *    session wraps with the sessions), every way in ends (sessions, API
 *    tokens, trusted devices, recovery codes, open invitations and password
 *    resets), the row is marked erased (status disabled, the address
 *    replaced), a content-free audit entry is written and the deletion job
 *    is queued. Once this commits, the rows still in the database (and any
 *    copy of them in WAL, replicas or a database dump) are ciphertext under a
 *    key nothing in this database can open.
 * 2. `deleteErasedUserRows`, the job `delete_user_rows`: removes the
 *    messages in batches (progress on the user row), then the user row,
 *    which takes every other row with it (foreign keys on delete cascade).
 *    Each batch commits on its own, so a crash midway resumes where it
 *    stopped when graphile-worker retries the job; the erased row can never
 *    sign in meanwhile (no address to sign in with, no password wrap, no key).
 *
 * The IMAP servers are not touched: the mail stays in the user's mailboxes.
 */
import type { Services } from "../services.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { addJob } from "../jobs/add-job.ts";
import type { Logger } from "../log.ts";
import { normalizeEmail } from "../email-address.ts";
import { isUuid } from "../ids.ts";
import { audit } from "./audit.ts";
import { confirmPassword, type ReauthFailure } from "./account.ts";
import type { User } from "./users.ts";

/**
 * Messages deleted per transaction by the job: each takes its copies,
 * attachments, analysis and embeddings with it (cascades) and fires the
 * dashboard count triggers, so the batch is kept small enough that each
 * transaction holds its locks briefly and a crash loses little work.
 */
export const ERASURE_BATCH_SIZE = 500;

/** Who asked: the user themselves or an administrator. */
export interface ErasureActor {
  id: string;
  /** True when the user deletes their own account. */
  self: boolean;
}

export type ErasureOutcome = "erased" | "not_found" | "last_admin";

/**
 * Step 1 (see the header). "not_found" also for a user already erased (the
 * job is queued again then, so a lost job is restarted by deleting once
 * more). A user deleting themselves is refused while they are the only
 * active administrator (checked under a lock on the administrators' rows, so
 * two administrators deleting themselves at once cannot both go).
 *
 * @example
 *   if ((await eraseUser(services, targetId, { id: admin.id, self: false })) === "not_found") throw new AppError("NOT_FOUND", "no such user");
 */
export async function eraseUser(services: Services, userId: string, actor: ErasureActor): Promise<ErasureOutcome> {
  if (!isUuid(userId)) return "not_found";
  return await services.sql.begin(async (tx) => {
    // The administrators' rows first, in id order, before the user's own: two self-deletions lock in the same order.
    const admins = actor.self ? await tx<{ id: string }[]>`select id from users where role = 'admin' and status = 'active' and erased_at is null order by id for update` : [];
    const [row] = await tx<{ erased: boolean; role: string }[]>`select erased_at is not null as erased, role from users where id = ${userId} for update`;
    if (!row) return "not_found";
    if (row.erased) {
      await queueRowDeletion(tx, userId);
      return "not_found";
    }
    if (actor.self && row.role === "admin" && !admins.some((admin) => admin.id !== userId)) return "last_admin";
    // Every wrap of the data key, and every secret on the row, in this one statement.
    await tx`
      update users set
        erased_at = now(), status = 'disabled',
        email = ${`erased-${userId}`}, display_name = '', password_hash = '!',
        dek_password_wrapped = null, dek_master_wrapped = null, dek_master_key_id = null,
        totp_secret_encrypted = null, totp_enabled_at = null,
        erasure_rows_total = (select count(*) from messages where user_id = ${userId}), erasure_rows_deleted = 0
      where id = ${userId}`;
    // Session wraps go with the sessions; tokens, remembered devices and recovery codes are ways in.
    await tx`delete from sessions where user_id = ${userId}`;
    await tx`delete from api_tokens where user_id = ${userId}`;
    await tx`delete from trusted_devices where user_id = ${userId}`;
    await tx`delete from recovery_codes where user_id = ${userId}`;
    // Their password resets, and the invitation they signed up with (it names their address).
    await tx`delete from invitations where user_id = ${userId} or used_by = ${userId}`;
    // Jobs queued for the user would only fail without the key; one a worker holds is left to finish or fail.
    await tx`
      select graphile_worker.complete_jobs(array(
        select id from graphile_worker._private_jobs where payload->>'userId' = ${userId} and locked_at is null))`;
    // Who and when, never the address: "user X deleted by Y at T".
    await audit(tx, services.log, "user.deleted", { actorId: actor.id, subjectId: userId, detail: { userId, bySelf: actor.self } });
    await queueRowDeletion(tx, userId);
    return "erased";
  });
}

export type OwnDeletionResult = { ok: true } | ReauthFailure | { ok: false; reason: "confirmation" | "last_admin" };

/**
 * A user deletes their own account: the current password (throttled like a
 * password change) and their address typed again, so a shared or borrowed
 * browser cannot do it with one click. The only active administrator cannot
 * (one administrator always remains; see eraseUser).
 *
 * @example
 *   const result = await deleteOwnAccount(services, { user, password, confirmation, address: clientAddress });
 */
export async function deleteOwnAccount(services: Services, input: { user: User; password: string; confirmation: string; address: string }): Promise<OwnDeletionResult> {
  const { user } = input;
  if (normalizeEmail(input.confirmation) !== normalizeEmail(user.email)) return { ok: false, reason: "confirmation" };
  const confirmed = await confirmPassword(services, user, input.password, input.address);
  if (!confirmed.ok) return confirmed;
  const outcome = await eraseUser(services, user.id, { id: user.id, self: true });
  if (outcome === "last_admin") return { ok: false, reason: "last_admin" };
  return { ok: true };
}

async function queueRowDeletion(sql: Queryable, userId: string): Promise<void> {
  // Many attempts: a deletion must finish; graphile-worker backs off between them.
  await addJob(sql, "delete_user_rows", { userId }, { jobKey: `delete-user:${userId}`, maxAttempts: 50 });
}

/** How far the deletion of an erased user's rows is (undefined: no such erased user). */
export async function erasureProgress(sql: Queryable, userId: string): Promise<{ total: number; deleted: number } | undefined> {
  if (!isUuid(userId)) return undefined;
  const [row] = await sql<{ total: string | null; deleted: string }[]>`
    select erasure_rows_total as total, erasure_rows_deleted as deleted from users where id = ${userId} and erased_at is not null`;
  return row ? { total: Number(row.total ?? 0), deleted: Number(row.deleted) } : undefined;
}

/**
 * Step 2 (see the header): only ever for a row `eraseUser` marked, so a
 * job with a live user's id deletes nothing. Returns the messages deleted.
 */
export async function deleteErasedUserRows(sql: Sql, userId: string, log: Logger, batchSize = ERASURE_BATCH_SIZE): Promise<number> {
  let deleted = 0;
  for (;;) {
    const n = await sql.begin(async (tx) => {
      const [row] = await tx`select 1 from users where id = ${userId} and erased_at is not null for update`;
      if (!row) return -1;
      const gone = await tx`
        delete from messages where id in (select id from messages where user_id = ${userId} limit ${batchSize})`;
      if (gone.count > 0) await tx`update users set erasure_rows_deleted = erasure_rows_deleted + ${gone.count} where id = ${userId}`;
      return gone.count;
    });
    if (n < 0) return deleted;
    if (n === 0) break;
    deleted += n;
    log.info("deleting an erased user's messages", { userId, deleted });
  }
  await sql.begin(async (tx) => {
    // Everything else references the user row on delete cascade; the dashboard counts carry no foreign key.
    await tx`delete from users where id = ${userId} and erased_at is not null`;
    await tx`delete from dashboard_counts where user_id = ${userId}`;
  });
  log.info("erased user deleted", { userId, messages: deleted });
  return deleted;
}
