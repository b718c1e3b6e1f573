/**
 * Backup and restore of a real install: the embedded PostgreSQL in its data
 * directory, a user whose account on the test Dovecot is synced and
 * analysed by a real worker, and writes going on while the backup runs.
 * The backup is restored into a new directory, the product started there
 * in its own process, and the same user signs in with the same password
 * and reads the same mail and analyses. Then what must fail does, with a
 * clear message and nothing written: wrong passphrase, a cut or changed
 * file, a directory that is not empty.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { loadConfig } from "../../src/config.ts";
import { loadMasterKeyring } from "../../src/crypto/master-key.ts";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { sessionCookieName } from "../../src/http/middleware/auth.ts";
import { startWorker } from "../../src/jobs/worker.ts";
import { log } from "../../src/log.ts";
import { createBackup } from "../../src/ops/backup/backup.ts";
import { backupCommand, restoreCommand } from "../../src/ops/backup/commands.ts";
import { BackupError } from "../../src/ops/backup/format.ts";
import { readPassphrase } from "../../src/ops/backup/passphrase.ts";
import { restoreBackup } from "../../src/ops/backup/restore.ts";
import type { Services } from "../../src/services.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";
import { runCommand, startApp, type AppProcess } from "../support/app-process.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { allowLoopback } from "../support/outbound.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { tempDir } from "../support/temp.ts";
import { waitFor } from "../support/wait.ts";

const PASSPHRASE = "Leuchtturm Fahrrad Wolke 42";
const MESSAGES = 12;

const root = tempDir("backup");
const sourceDir = join(root, "source");
mkdirSync(sourceDir, { mode: 0o700 });
const config = loadConfig({ DATA_DIR: sourceDir, LOG_LEVEL: "error" });
const source = await openDatabase(config, log);
const processes: AppProcess[] = [];
let stopWorker: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const running of processes) await running.stop();
  await stopWorker?.();
  await source.close(); // stops the source cluster: a checkpoint, slow on a busy machine
}, 60_000);
await migrate(source.sql, source.url, log);
await allowLoopback(source.sql);
const services: Services = { sql: source.sql, config, log, keyring: loadMasterKeyring({ keyFile: config.masterKeyFile }) };
const backupFile = join(root, "install.mhbackup");

/** The restored cluster as the app role, found by its lock file and password file. */
function restoredDatabase(dataDir: string) {
  const port = readFileSync(join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3];
  const password = readFileSync(join(dataDir, "postgres-app.password"), "utf8").trim();
  return postgres(`postgres://mail_helper:${encodeURIComponent(password)}@127.0.0.1:${port}/mail_helper`, { max: 1, onnotice: () => {} });
}

/** Password, then the second factor, over HTTP: the session cookie. */
async function signIn(url: string, email: string, password: string, totpSecret: string): Promise<string> {
  const name = sessionCookieName(loadConfig({}));
  const form = (body: Record<string, string>, cookie?: string) => ({
    method: "POST",
    redirect: "manual" as const,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  const cookieOf = (response: Response) => `${name}=${/=([^;]+)/.exec(response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`)) ?? "")?.[1]}`;
  const first = await fetch(`${url}/signin`, form({ email, password }));
  expect(first.status).toBe(303);
  expect(first.headers.get("location")).toStartWith("/signin/second-factor");
  const second = await fetch(`${url}/signin/second-factor`, form({ code: currentTotpCode(totpSecret, Date.now()) }, cookieOf(first)));
  expect(second.status).toBe(303);
  return cookieOf(second);
}

describe("backup and restore of an embedded install", () => {
  test("a synced, analysed install written to during the backup comes back elsewhere: same user, same password, same mail and analyses, consistent", async () => {
    const server = await dovecot();
    const fixture = await syncFixture(services, { server });
    const subjects = Array.from({ length: MESSAGES }, (_, i) => `Quartalsbericht ${i} – Grüße aus Köln`);
    server.seedMaildir(
      fixture.box.user,
      "INBOX",
      subjects.map((subject, i) =>
        makeMessage({ from: `Absender ${i} <a${i}@example.org>`, to: fixture.box.user, subject, body: `Bitte bis Freitag prüfen. Nummer ${i}.`, messageId: `<backup${i}@example.org>` }),
      ),
    );
    expect(await fixture.sync()).toMatchObject({ status: "done" });
    // The real worker, in this process (a process of its own costs a start of the whole app on these busy machines).
    const worker = await startWorker({ db: source, config, log, keyring: services.keyring }, { crontab: "# none" });
    stopWorker = () => worker.stop();
    await waitFor(async () => (await source.sql`select count(*)::int as n from analyses`)[0]!.n === MESSAGES, { timeoutMs: 60_000, what: "every message analysed" });
    const analysesBefore = await source.sql`select message_id, urgency, importance, score from analyses order by message_id`;

    // Writes while the backup runs: each transaction adds row n and sets the counter to n.
    await source.sql`create table backup_probe (n int primary key)`;
    await source.sql`create table backup_probe_counter (id int primary key, n int not null)`;
    await source.sql`insert into backup_probe_counter values (1, 0)`;
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const n = written + 1;
        await source.sql.begin(async (tx) => {
          await tx`insert into backup_probe values (${n})`;
          await tx`update backup_probe_counter set n = ${n} where id = 1`;
        });
        written = n;
      }
    })();
    await waitFor(() => written >= 20, { what: "the writes to be under way" });
    const writtenBeforeBackup = written;
    const backup = await runCommand("backup", { DATA_DIR: sourceDir, BACKUP_PASSPHRASE: PASSPHRASE }, { args: ["--out", backupFile] });
    const writtenDuringBackup = written - writtenBeforeBackup;
    writing = false;
    await writer;
    await worker.stop();
    stopWorker = undefined;
    expect(backup.stderr).toBe("");
    expect(backup.exitCode).toBe(0);
    expect(backup.stdout).toContain("embedded-basebackup of PostgreSQL 18");
    expect(backup.stdout).toContain("keys: master.key, postgres-app.password, postgres.password");
    expect(writtenDuringBackup).toBeGreaterThan(0);
    // Encrypted: neither a subject nor the master key is in the file in clear.
    const bytes = readFileSync(backupFile);
    expect(bytes.includes(Buffer.from("Quartalsbericht"))).toBe(false);
    const masterKey = JSON.parse(readFileSync(config.masterKeyFile, "utf8")) as { keys: Record<string, string> };
    for (const key of Object.values(masterKey.keys)) expect(bytes.includes(Buffer.from(key))).toBe(false);

    const target = join(root, "restored");
    const restore = await runCommand("restore", { BACKUP_PASSPHRASE: PASSPHRASE }, { args: ["--in", backupFile, "--data-dir", target] });
    expect(restore.stderr).toBe("");
    expect(restore.exitCode).toBe(0);
    expect(readdirSync(target).sort()).toEqual(["master.key", "postgres", "postgres-app.password", "postgres.password"]);
    expect(readFileSync(join(target, "master.key"), "utf8")).toBe(readFileSync(config.masterKeyFile, "utf8"));

    const app = await startApp("all", { DATA_DIR: target, LOG_LEVEL: "warn" });
    processes.push(app);
    await app.waitForReady(60_000);
    const cookie = await signIn(app.url, fixture.user.user.email, fixture.user.password, fixture.user.totpSecret);
    const list = await fetch(`${app.url}/api/v1/messages?done=all`, { headers: { Cookie: cookie, Accept: "application/json" } });
    expect(list.status).toBe(200);
    const { messages } = (await list.json()) as { messages: { id: string; subject: string | null }[] };
    expect(messages.map((message) => message.subject).sort()).toEqual([...subjects].sort());
    for (const message of messages) {
      const analysis = await fetch(`${app.url}/api/v1/messages/${message.id}/analysis`, { headers: { Cookie: cookie, Accept: "application/json" } });
      expect(analysis.status).toBe(200);
      expect(((await analysis.json()) as { summary: string }).summary.length).toBeGreaterThan(0); // decrypted with the restored keys
    }

    const restored = restoredDatabase(target);
    try {
      expect(await restored`select message_id, urgency, importance, score from analyses order by message_id`).toEqual(analysesBefore);
      // Consistent, not lucky: the rows form an unbroken prefix, the counter agrees, and nothing committed before the backup began is missing.
      const [probe] = await restored<{ rows: number; highest: number; counter: number }[]>`
        select (select count(*)::int from backup_probe) as rows, (select coalesce(max(n), 0) from backup_probe) as highest,
               (select n from backup_probe_counter where id = 1) as counter`;
      expect(probe!.rows).toBe(probe!.highest);
      expect(probe!.counter).toBe(probe!.highest);
      expect(probe!.rows).toBeGreaterThanOrEqual(writtenBeforeBackup);
      expect(probe!.rows).toBeLessThanOrEqual(written);
    } finally {
      await restored.end();
    }
    expect(await app.stop()).toBe(0);
  }, 240_000);

  test("a wrong passphrase fails cleanly and writes nothing", async () => {
    const target = join(root, "wrong-passphrase");
    const result = await runCommand("restore", { BACKUP_PASSPHRASE: "Leuchtturm Fahrrad Wolke 43" }, { args: ["--in", backupFile, "--data-dir", target] });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("mail-helper: wrong passphrase for this backup\n");
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  test("a cut file and a changed byte are refused with a clear error, leaving the target as it was", async () => {
    const whole = readFileSync(backupFile);
    const cut = join(root, "cut.mhbackup");
    writeFileSync(cut, whole);
    truncateSync(cut, 3 * 1024 * 1024); // in the fourth chunk of 1 MiB
    const changed = join(root, "changed.mhbackup");
    const flipped = Buffer.from(whole);
    const at = 2 * 1024 * 1024; // in the third chunk
    flipped[at] = flipped[at]! ^ 0x01;
    writeFileSync(changed, flipped);
    for (const [name, file, code, message] of [
      ["cut", cut, "TRUNCATED", /^the backup file is truncated/],
      ["changed", changed, "DAMAGED", /^the backup file is damaged: chunk \d+ fails its authentication/],
    ] as const) {
      const target = join(root, `target-${name}`);
      mkdirSync(target);
      const failure = await restoreBackup(config, log, { input: file, dataDir: target, passphrase: PASSPHRASE }).catch((error: BackupError) => error);
      expect(failure).toBeInstanceOf(BackupError);
      expect((failure as BackupError).code).toBe(code);
      expect((failure as BackupError).message).toMatch(message);
      expect(readdirSync(target)).toEqual([]);
    }
  }, 60_000);

  test("a target directory that is not empty is refused before the backup is read", async () => {
    const target = join(root, "in-use");
    mkdirSync(target);
    writeFileSync(join(target, "master.key"), "keep me");
    const failure = await restoreBackup(config, log, { input: backupFile, dataDir: target, passphrase: PASSPHRASE }).catch((error: BackupError) => error);
    expect(failure).toBeInstanceOf(BackupError);
    expect((failure as BackupError).code).toBe("TARGET_NOT_EMPTY");
    expect((failure as BackupError).message).toContain("is not empty");
    expect(readdirSync(target)).toEqual(["master.key"]);
    expect(readFileSync(join(target, "master.key"), "utf8")).toBe("keep me");
  }, 30_000);

  test("the commands name a missing or unknown option and their usage", async () => {
    await expect(backupCommand(config, log, [])).rejects.toThrow("--out is required; usage: npm run backup -- --out FILE");
    await expect(restoreCommand(config, log, ["--in", backupFile])).rejects.toThrow("--data-dir is required; usage: npm run restore -- --in FILE --data-dir DIR");
    await expect(restoreCommand(config, log, ["--in", backupFile, "--data-dir", root, "--force"])).rejects.toThrow("usage: npm run restore -- --in FILE --data-dir DIR");
  });

  test("a short passphrase is refused for a new backup, any is tried for a restore", async () => {
    await expect(readPassphrase({ confirm: true }, { BACKUP_PASSPHRASE: "kurz" })).rejects.toThrow("the passphrase is too short");
    await expect(readPassphrase({ confirm: true }, { BACKUP_PASSPHRASE: " ".repeat(3) })).rejects.toThrow("the passphrase is too short");
    expect(await readPassphrase({ confirm: true }, { BACKUP_PASSPHRASE: PASSPHRASE })).toBe(PASSPHRASE);
    const file = join(root, "passphrase");
    writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 });
    expect(await readPassphrase({ confirm: true }, { BACKUP_PASSPHRASE_FILE: file })).toBe(PASSPHRASE);
    writeFileSync(file, "\n");
    await expect(readPassphrase({ confirm: false }, { BACKUP_PASSPHRASE_FILE: file })).rejects.toThrow("the passphrase is empty");
    // Restoring takes any passphrase: the file decides whether it is right.
    expect(await readPassphrase({ confirm: false }, { BACKUP_PASSPHRASE: "kurz" })).toBe("kurz");
  });
});

describe("backup of an external server (DATABASE_URL)", () => {
  test("uses the pg_dump on PATH only if it is as new as the server, else names both versions", async () => {
    const db = await createTestDatabase();
    try {
      const [server] = await db.sql<{ major: number }[]>`select current_setting('server_version_num')::int / 10000 as major`;
      const dump = Bun.spawnSync(["pg_dump", "--version"]).stdout.toString();
      const dumpMajor = Number(/\(PostgreSQL\) (\d+)/.exec(dump)?.[1] ?? 0);
      const out = join(root, "external.mhbackup");
      const externalConfig = loadConfig({ DATABASE_URL: db.url, DATA_DIR: join(root, "external-data"), LOG_LEVEL: "error" });
      const result = await createBackup(externalConfig, log, { out, passphrase: PASSPHRASE }).then(
        (summary) => ({ summary, failure: undefined }),
        (failure: BackupError) => ({ summary: undefined, failure }),
      );
      if (dumpMajor && dumpMajor < server!.major) {
        expect(result.failure?.code).toBe("POSTGRES");
        expect(result.failure?.message).toMatch(new RegExp(`^pg_dump ${dumpMajor}\\.\\d+ \\(.*\\) is older than the server \\(PostgreSQL ${server!.major}\\.\\d+\\)`));
        expect(existsSync(out)).toBe(false);
      } else {
        expect(result.failure).toBeUndefined();
        expect(result.summary?.kind).toBe("pg_dump");
        const empty = await createTestDatabase({ migrated: false });
        try {
          const restore = await runCommand("restore", { DATABASE_URL: empty.url, BACKUP_PASSPHRASE: PASSPHRASE }, { args: ["--in", out, "--data-dir", join(root, "external-restored")] });
          expect(restore.exitCode).toBe(0);
          expect((await empty.sql`select to_regclass('messages') is not null as present`)[0]!.present).toBe(true);
        } finally {
          await empty.drop();
        }
      }
    } finally {
      await db.drop();
    }
  }, 60_000);
});
