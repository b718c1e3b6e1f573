/**
 * Command-line entry point.
 *
 *   bun src/main.ts [all|web|worker|migrate|doctor|create-admin|invite|rotate-master-key|backup|restore|import-kimh] [options]
 *
 * `all` (the default, `bun start`) runs web server and worker in one
 * process; `web` and `worker` run them apart. Failures the operator can fix
 * (configuration, database, port, keys, usage) print one line and exit
 * non-zero.
 */
import { isConnectionLost } from "./db/connection-lost.ts";
import { createAdminCommand, inviteCommand, UsageError } from "./cli/users.ts";
import { openCommandContext, type CommandContext } from "./cli/context.ts";
import { formatDoctorCheck, runDoctorChecks } from "./cli/doctor.ts";
import { importKimhCommand } from "./cli/import-kimh.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { MasterKeyError } from "./crypto/master-key.ts";
import { rotateMasterKey } from "./crypto/rotate-master-key.ts";
import { DatabaseUnavailableError } from "./db/connection.ts";
import { EmbeddedPostgresError } from "./db/embedded-postgres.ts";
import { migrate, MigrationError } from "./db/migrate.ts";
import { createApp } from "./http/app.tsx";
import { serveMetrics } from "./http/routes/metrics/standalone.ts";
import { startWorker, type Worker } from "./jobs/worker.ts";
import { startIdleManager, type IdleManager } from "./mail/idle/idle-manager.ts";
import { closeParsePool } from "./mail/parse/parse-message.ts";
import { log, setLogLevel } from "./log.ts";
import { backupCommand, restoreCommand } from "./ops/backup/commands.ts";
import { BackupError } from "./ops/backup/format.ts";
import { serve, ServeError, type RunningServer } from "./server.ts";

/** Commands that print a result for a person; their logs would only add noise. */
const ONE_SHOT: Record<string, (context: CommandContext, args: string[]) => Promise<string>> = {
  migrate: async ({ db }) => {
    const applied = await migrate(db.sql, db.url, log);
    return applied.length ? `applied ${applied.join(", ")}` : "schema is current";
  },
  "create-admin": createAdminCommand,
  invite: inviteCommand,
  "rotate-master-key": async ({ db, config }) => {
    await migrate(db.sql, db.url, log);
    const result = await rotateMasterKey(db.sql, { masterKey: config.MASTER_KEY, keyFile: config.masterKeyFile }, log);
    const retired = result.retired.length ? `; no longer used: ${result.retired.join(", ")}` : "";
    return `current master key ${result.currentId}; re-wrapped ${result.users} user keys and ${result.sessions} session keys${retired}`;
  },
  "import-kimh": importKimhCommand,
};
/** Commands that open the database (or none) their own way: backup reads the cluster's files, restore makes a new data directory. */
const OFFLINE: Record<string, (config: Config, args: string[]) => Promise<string>> = {
  backup: (config, args) => backupCommand(config, log, args),
  restore: (config, args) => restoreCommand(config, log, args),
};
const COMMANDS = ["all", "web", "worker", "doctor", ...Object.keys(ONE_SHOT), ...Object.keys(OFFLINE)];

/** Errors whose message is the whole story for the operator. */
const EXPECTED_ERRORS = [ConfigError, DatabaseUnavailableError, EmbeddedPostgresError, MigrationError, ServeError, MasterKeyError, UsageError, BackupError];

function fail(message: string): never {
  process.stderr.write(`mail-helper: ${message}\n`);
  process.exit(1);
}

async function runServices(config: Config, command: "all" | "web" | "worker"): Promise<void> {
  const { db, keyring } = await openCommandContext(config, log);
  let worker: Worker | undefined;
  let idle: IdleManager | undefined;
  let server: RunningServer | undefined;
  let metricsServer: RunningServer | undefined;
  let shuttingDown = false;

  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    log.info("shutting down", { signal });
    await server?.stop(); // stop accepting, let requests in flight finish
    await metricsServer?.stop();
    await idle?.stop(); // the IDLE watchers and their IMAP connections first, then the jobs (the order the worker used)
    await worker?.stop();
    await closeParsePool();
    await db.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // When PostgreSQL restarts, a query can be rejected where nothing waits for it any more (one queued behind
  // a transaction that already failed): the work it belonged to fails and is retried by its job, so that
  // rejection must not take the process down (seen in about one of ten restart runs). Any other unhandled
  // rejection still ends the process, and systemd starts it again.
  process.on("unhandledRejection", (reason) => {
    if (!isConnectionLost(reason)) throw reason;
    log.warn("a database query failed with its connection, with nothing waiting for it", { code: (reason as { code: string }).code });
  });

  try {
    await migrate(db.sql, db.url, log);
    if (command !== "web") {
      worker = await startWorker({ db, config, log, keyring });
      // IDLE watchers live where jobs run: the syncs their pushes queue are picked up by this process or another worker.
      idle = startIdleManager({ sql: db.sql, config, log: log.child({ workerId: worker.workerId }), keyring }, worker.workerId);
    }
    if (command !== "worker") {
      server = await serve(createApp({ sql: db.sql, config, log, keyring }), config);
      log.info("listening", { url: config.publicUrl, host: config.HOST, port: server.port, tls: Boolean(config.tls) });
    }
    if (config.METRICS_PORT) {
      metricsServer = await serveMetrics({ sql: db.sql, config, log, keyring });
      log.info("metrics listening", { host: config.HOST, port: metricsServer.port });
    }
  } catch (error) {
    await server?.stop(true).catch(() => {});
    await idle?.stop().catch(() => {});
    await worker?.stop().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}

async function runDoctor(config: Config): Promise<boolean> {
  let context: CommandContext;
  try {
    context = await openCommandContext(config, log);
  } catch (error) {
    process.stdout.write(`FAIL  database reachable: ${(error as Error).message}\n`);
    return false;
  }
  try {
    const checks = await runDoctorChecks(context.db.sql, config);
    for (const check of checks) process.stdout.write(`${formatDoctorCheck(check)}\n`);
    return checks.every((check) => check.ok);
  } finally {
    await context.db.close();
  }
}

async function main(): Promise<void> {
  const [command = "all", ...args] = process.argv.slice(2);
  if (!COMMANDS.includes(command)) fail(`unknown command "${command}"; use one of ${COMMANDS.join(", ")}`);
  const config = loadConfig();
  const oneShot = ONE_SHOT[command];
  const offline = OFFLINE[command];
  setLogLevel(oneShot || offline || command === "doctor" ? "warn" : config.LOG_LEVEL);
  if (command === "doctor") process.exit((await runDoctor(config)) ? 0 : 1);
  if (offline) {
    process.stdout.write(`${await offline(config, args)}\n`);
    return;
  }
  if (!oneShot) return runServices(config, command as "all" | "web" | "worker");
  const context = await openCommandContext(config, log);
  try {
    process.stdout.write(`${await oneShot(context, args)}\n`);
  } finally {
    await context.db.close();
  }
}

main().catch((error) => {
  if (EXPECTED_ERRORS.some((type) => error instanceof type)) fail(error.message);
  log.error("fatal error", { error });
  fail(`fatal: ${(error as Error).message}`);
});
