/**
 * Command-line entry point.
 *
 *   bun src/main.ts [all|web|worker|migrate|doctor]
 *
 * `all` (the default, `bun start`) runs web server and worker in one
 * process; `web` and `worker` run them apart. Start-up failures the user can
 * fix (configuration, database, port) print one line and exit non-zero.
 */
import { mkdirSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { DatabaseUnavailableError, openDatabase, type Database } from "./db/connection.ts";
import { EmbeddedPostgresError } from "./db/embedded-postgres.ts";
import { migrate, MigrationError } from "./db/migrate.ts";
import { formatDoctorCheck, runDoctorChecks } from "./cli/doctor.ts";
import { createApp } from "./http/app.tsx";
import { startWorker, type Worker } from "./jobs/worker.ts";
import { log, setLogLevel } from "./log.ts";
import { serve, ServeError } from "./server.ts";

const COMMANDS = ["all", "web", "worker", "migrate", "doctor"] as const;
type Command = (typeof COMMANDS)[number];

/** Errors whose message is the whole story for the operator. */
const EXPECTED_ERRORS = [ConfigError, DatabaseUnavailableError, EmbeddedPostgresError, MigrationError, ServeError];

function fail(message: string): never {
  process.stderr.write(`mail-helper: ${message}\n`);
  process.exit(1);
}

async function runServices(config: Config, command: "all" | "web" | "worker"): Promise<void> {
  // Private to the service user: it holds the embedded database and key files.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase(config, log);
  let worker: Worker | undefined;
  let server: ReturnType<typeof serve> | undefined;
  let shuttingDown = false;

  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    log.info("shutting down", { signal });
    await server?.stop(); // stop accepting, let requests in flight finish
    await worker?.stop();
    await db.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  try {
    await migrate(db.sql, db.url, log);
    if (command !== "web") worker = await startWorker(db, config, log);
    if (command !== "worker") {
      server = serve(createApp({ sql: db.sql, config, log }), config);
      log.info("listening", { url: config.publicUrl, host: config.HOST, port: server.port, tls: Boolean(config.tls) });
    }
  } catch (error) {
    await worker?.stop().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}

async function runMigrate(config: Config): Promise<void> {
  const db = await openDatabase(config, log);
  try {
    const applied = await migrate(db.sql, db.url, log);
    process.stdout.write(applied.length ? `applied ${applied.join(", ")}\n` : "schema is current\n");
  } finally {
    await db.close();
  }
}

async function runDoctor(config: Config): Promise<boolean> {
  let db: Database;
  try {
    db = await openDatabase(config, log);
  } catch (error) {
    process.stdout.write(`FAIL  database reachable: ${(error as Error).message}\n`);
    return false;
  }
  try {
    const checks = await runDoctorChecks(db.sql, config);
    for (const check of checks) process.stdout.write(formatDoctorCheck(check) + "\n");
    return checks.every((check) => check.ok);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const command = (process.argv[2] ?? "all") as Command;
  if (!COMMANDS.includes(command)) fail(`unknown command "${command}"; use one of ${COMMANDS.join(", ")}`);
  const config = loadConfig();
  // doctor and migrate print results for people; their logs would only add noise.
  setLogLevel(command === "doctor" || command === "migrate" ? "warn" : config.LOG_LEVEL);
  if (command === "migrate") return runMigrate(config);
  if (command === "doctor") process.exit((await runDoctor(config)) ? 0 : 1);
  await runServices(config, command);
}

main().catch((error) => {
  if (EXPECTED_ERRORS.some((type) => error instanceof type)) fail(error.message);
  log.error("fatal error at start-up", { error });
  fail(`fatal: ${(error as Error).message}`);
});
