/**
 * Deletion by crypto-erasure against a real install: the embedded
 * PostgreSQL in its own data directory, copied (stopped, then copied file by
 * file, as a filesystem backup would be) before anything is deleted.
 *
 * Then: no row anywhere in the live database carries the user's id (every
 * uuid column of every table, and every text or JSON column that could
 * hold it), other users are untouched, and a crash between batches leaves a
 * user who cannot sign in and a job that finishes the work. On the copy:
 * with the master key of the time, a background-mode user's data key still
 * opens (what an old backup allows); after a master-key rotation the current
 * key opens nothing of the deleted user in it; a strict-mode user's rows in
 * it open with nothing but the password.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { deleteErasedUserRows, eraseUser, erasureProgress } from "../../src/auth/delete-user.ts";
import { signInWithPassword } from "../../src/auth/sign-in.ts";
import { loadConfig } from "../../src/config.ts";
import { unwrapWithMaster, unwrapWithPassword } from "../../src/crypto/data-key.ts";
import { loadMasterKeyring } from "../../src/crypto/master-key.ts";
import { rotateMasterKey } from "../../src/crypto/rotate-master-key.ts";
import { openDatabase, type Database, type Sql } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addJob } from "../../src/jobs/add-job.ts";
import { log, type Logger } from "../../src/log.ts";
import { accountConnection } from "../../src/mail/accounts/store.ts";
import type { Services } from "../../src/services.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { makeMessage } from "../support/messages.ts";
import { tempDir } from "../support/temp.ts";
import { createTestUser, type TestUser } from "../support/users.ts";

const root = tempDir("erasure");
const liveDir = join(root, "live");
const copyDir = join(root, "copy");
mkdirSync(liveDir, { mode: 0o700 });
const config = loadConfig({ DATA_DIR: liveDir, LOG_LEVEL: "error" });
let live: Database = await openDatabase(config, log);
let copy: Database | undefined;
afterAll(async () => {
  await copy?.close();
  await live.close();
}, 120_000);
await migrate(live.sql, live.url, log);
const services = (): Services => ({ sql: live.sql, config, log, keyring: loadMasterKeyring({ keyFile: config.masterKeyFile }) });

const CONTEXT = { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", clientAddress: "192.0.2.10" };

/** A user with a mail account (encrypted IMAP password) and `messages` encrypted messages. */
async function userWithMail(keyMode: "background" | "strict", messages: number): Promise<TestUser & { accountId: string }> {
  const owner = await createTestUser(services(), { keyMode });
  const box = await seedMailbox(services(), owner);
  for (let i = 0; i < messages; i++) await box.store(makeMessage({ from: "anna@example.org", to: owner.user.email, subject: `Angebot ${i}`, body: `Vertraulich ${i}` }));
  return { ...owner, accountId: box.account.id };
}

/** Every place in the public schema that holds `id`: uuid columns equal to it, text and JSON columns containing it. */
async function placesHolding(sql: Sql, id: string): Promise<Record<string, number>> {
  const columns = await sql<{ table: string; column: string; type: string }[]>`
    select c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('uuid', 'text', 'jsonb', 'json', 'ARRAY')`;
  const found: Record<string, number> = {};
  for (const { table, column, type } of columns) {
    const test = type === "uuid" ? sql`${sql(column)} = ${id}::uuid` : sql`${sql(column)}::text like ${`%${id}%`}`;
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where ${test}`;
    if (row!.n > 0) found[`${table}.${column}`] = row!.n;
  }
  return found;
}

/** The foreign keys to users: the walk above must cover each of them. */
async function columnsReferencingUsers(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select distinct kcu.table_name || '.' || kcu.column_name as name
    from information_schema.referential_constraints rc
    join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name and ccu.constraint_schema = rc.unique_constraint_schema
    where ccu.table_name = 'users' and kcu.table_schema = 'public'`;
  return rows.map((row) => row.name);
}

const admin = await createTestUser(services(), { role: "admin" });
const alice = await userWithMail("background", 7);
const bob = await userWithMail("strict", 2);
const carol = await userWithMail("background", 3);
// Bob is signed out when the copy is taken: a strict-mode user's only master-key wraps are their live sessions.
await live.sql`delete from sessions where user_id = ${bob.user.id}`;
const carolBefore = await placesHolding(live.sql, carol.user.id);
const oldKeyId = loadMasterKeyring({ keyFile: config.masterKeyFile }).currentId;

// The copy: stop the cluster, copy the whole data directory (master.key included, as it lives there by default), start again.
await live.close();
cpSync(liveDir, copyDir, { recursive: true });
live = await openDatabase(config, log);

describe("deletion by crypto-erasure", () => {
  test("the first step destroys every wrap and every way in at once, and the user cannot sign in", async () => {
    const sql = live.sql;
    // A token and a remembered device too: every way in goes.
    await sql`insert into api_tokens (user_id, name, scopes, prefix, secret_hash) values (${alice.user.id}, 'cli', '{read}', 'abc', '\\x01')`;
    await addJob(sql, "run_rules", { userId: alice.user.id, runId: crypto.randomUUID() });
    expect(await eraseUser(services(), alice.user.id, { id: admin.user.id, self: false })).toBe("erased");
    const [row] = await sql`
      select email, status, password_hash, dek_password_wrapped, dek_master_wrapped, dek_master_key_id, totp_secret_encrypted, erased_at is not null as erased
      from users where id = ${alice.user.id}`;
    expect(row).toEqual({
      email: `erased-${alice.user.id}`,
      status: "disabled",
      password_hash: "!",
      dek_password_wrapped: null,
      dek_master_wrapped: null,
      dek_master_key_id: null,
      totp_secret_encrypted: null,
      erased: true,
    });
    for (const table of ["sessions", "api_tokens", "trusted_devices", "recovery_codes"]) {
      expect((await sql`select count(*)::int as n from ${sql(table)} where user_id = ${alice.user.id}`)[0]!.n).toBe(0);
    }
    // The messages are still there (the job removes them), but nothing can open them any more; the walk sees them.
    expect(Object.keys(await placesHolding(sql, alice.user.id))).toEqual(expect.arrayContaining(["messages.user_id", "mail_accounts.user_id", "folders.user_id"]));
    expect(await erasureProgress(sql, alice.user.id)).toEqual({ total: 7, deleted: 0 });
    const signIn = await signInWithPassword(services(), { email: alice.user.email, password: alice.password, context: CONTEXT });
    expect(signIn.ok).toBe(false);
    // A second delete finds no user to delete (and queues the job again).
    expect(await eraseUser(services(), alice.user.id, { id: admin.user.id, self: false })).toBe("not_found");
    const [job] = await sql`
      select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'delete_user_rows' and j.payload->>'userId' = ${alice.user.id}`;
    expect(job!.n).toBe(1);
    // The jobs queued for the user are cancelled: the deletion job is the only one naming them.
    const [queued] = await sql`select count(*)::int as n from graphile_worker._private_jobs where payload->>'userId' = ${alice.user.id}`;
    expect(queued!.n).toBe(1);
  });

  test("a crash between batches leaves an erased user who cannot sign in, and the job run again finishes", async () => {
    let batches = 0;
    const crashing: Logger = {
      ...log,
      child: () => crashing,
      info: () => {
        if (++batches === 2) throw new Error("worker killed");
      },
    };
    await expect(deleteErasedUserRows(live.sql, alice.user.id, crashing, 2)).rejects.toThrow("worker killed");
    expect(await erasureProgress(live.sql, alice.user.id)).toEqual({ total: 7, deleted: 4 });
    expect((await live.sql`select count(*)::int as n from messages where user_id = ${alice.user.id}`)[0]!.n).toBe(3);
    expect((await signInWithPassword(services(), { email: alice.user.email, password: alice.password, context: CONTEXT })).ok).toBe(false);
    expect(await deleteErasedUserRows(live.sql, alice.user.id, log, 2)).toBe(3);
  });

  test("afterwards no row anywhere holds the user's id, except the content-free audit entry; other users are untouched", async () => {
    const sql = live.sql;
    const referencing = await columnsReferencingUsers(sql);
    expect(referencing).toContain("messages.user_id");
    expect(referencing).toContain("audit_events.subject_id");
    const found = await placesHolding(sql, alice.user.id);
    expect(found).toEqual({ "audit_events.detail": 1 });
    const [entry] = await sql`select event, actor_id, subject_id, detail from audit_events where detail::text like ${`%${alice.user.id}%`}`;
    expect(entry).toEqual({ event: "user.deleted", actor_id: admin.user.id, subject_id: null, detail: { userId: alice.user.id, bySelf: false } });
    expect(JSON.stringify(await sql`select * from audit_events`)).not.toContain(alice.user.email);
    expect(await placesHolding(sql, carol.user.id)).toEqual(carolBefore);
    const connection = await accountConnection(sql, carol.dataKey, carol.user.id, carol.accountId);
    expect(connection!.password).toBe("imap password");
    // A job for an id that was never erased deletes nothing.
    expect(await deleteErasedUserRows(sql, carol.user.id, log)).toBe(0);
    expect((await sql`select count(*)::int as n from messages where user_id = ${carol.user.id}`)[0]!.n).toBe(3);
  });

  test("a strict-mode user deleting themselves: gone the same way", async () => {
    expect(await eraseUser(services(), bob.user.id, { id: bob.user.id, self: true })).toBe("erased");
    await deleteErasedUserRows(live.sql, bob.user.id, log);
    expect(await placesHolding(live.sql, bob.user.id)).toEqual({ "audit_events.detail": 1 });
    const [entry] = await live.sql`select actor_id, detail from audit_events where detail->>'userId' = ${bob.user.id}`;
    expect(entry).toEqual({ actor_id: null, detail: { userId: bob.user.id, bySelf: true } });
  });

  test("the copy taken before: the master key of the time opens a background user's key; after a rotation the current key opens nothing", async () => {
    copy = await openDatabase(loadConfig({ DATA_DIR: copyDir, LOG_LEVEL: "error" }), log);
    const [wrap] = await copy.sql<{ wrapped: Uint8Array; keyId: string }[]>`
      select dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${alice.user.id}`;
    expect(wrap!.keyId).toBe(oldKeyId);
    // What a backup taken before the deletion still allows in background mode: the master key in it opens the data key.
    const keyOfTheTime = loadMasterKeyring({ keyFile: join(copyDir, "master.key") });
    const opened = unwrapWithMaster(wrap!, keyOfTheTime, alice.user.id);
    expect((await accountConnection(copy.sql, opened, alice.user.id, alice.accountId))!.password).toBe("imap password");

    // The strict answer: rotate the master key after the deletion. The live install no longer has the old key.
    const rotation = await rotateMasterKey(live.sql, { keyFile: config.masterKeyFile }, log);
    expect(rotation.retired).toEqual([oldKeyId]);
    const current = loadMasterKeyring({ keyFile: config.masterKeyFile });
    expect(current.currentId).not.toBe(oldKeyId);
    expect(() => unwrapWithMaster(wrap!, current, alice.user.id)).toThrow();
    // The remaining background user was re-wrapped and still opens with the current key.
    const [carolWrap] = await live.sql<{ wrapped: Uint8Array; keyId: string }[]>`
      select dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${carol.user.id}`;
    expect(Buffer.from(unwrapWithMaster(carolWrap!, current, carol.user.id).bytes())).toEqual(Buffer.from(carol.dataKey.bytes()));
  });

  test("the copy taken before: a strict-mode user's rows open with nothing but the password", async () => {
    const sql = copy!.sql;
    const [row] = await sql`select dek_master_wrapped, dek_master_key_id from users where id = ${bob.user.id}`;
    expect(row).toEqual({ dek_master_wrapped: null, dek_master_key_id: null });
    expect((await sql`select count(*)::int as n from sessions where user_id = ${bob.user.id} and dek_wrapped is not null`)[0]!.n).toBe(0);
    expect((await sql`select count(*)::int as n from messages where user_id = ${bob.user.id}`)[0]!.n).toBe(2);
    // Only the password wrap is left, and it needs the password.
    const [passwordWrap] = await sql<{ wrapped: Uint8Array; salt: Uint8Array; params: string }[]>`
      select dek_password_wrapped as wrapped, dek_kdf_salt as salt, dek_kdf_params as params from users where id = ${bob.user.id}`;
    await expect(unwrapWithPassword(passwordWrap!, "not the password at all", bob.user.id)).rejects.toThrow();
    const key = await unwrapWithPassword(passwordWrap!, bob.password, bob.user.id);
    expect((await accountConnection(sql, key, bob.user.id, bob.accountId))!.password).toBe("imap password");
  });
});
