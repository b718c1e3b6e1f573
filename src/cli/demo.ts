/**
 * `npm run demo`: the product with a demo user and the German/English demo
 * mailbox of demo/ (about 60 messages: personal mail, a thread, newsletters
 * with List-Unsubscribe, notifications, phishing, invoices, attachments),
 * without a mail server. It uses its own data directory (DATA_DIR, default
 * "data-demo") and the embedded PostgreSQL, creates the user once (the
 * credentials are printed and kept in the data directory, mode 0600),
 * queues the import of demo/ as an offline mailbox, and starts web server
 * and worker like `npm start`: the worker imports and analyses the mail, so
 * the dashboard fills within seconds.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createUser } from "../auth/users.ts";
import { loadConfig } from "../config.ts";
import type { Sql } from "../db/connection.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import { migrate } from "../db/migrate.ts";
import { log } from "../log.ts";
import { queueImport } from "../mail/import/request.ts";
import { openCommandContext } from "./context.ts";

export const DEMO_DIR = join(import.meta.dir, "..", "..", "demo");
export const DEMO_EMAIL = "demo@mailhelper.demo";
export const DEMO_LABEL = "Demo-Postfach / demo mailbox";

export interface DemoCredentials {
  email: string;
  password: string;
}

/**
 * Makes the demo user (background key mode, so the worker can analyse while
 * nobody is signed in) unless there is one, and queues the demo mailbox's
 * import unless it was imported; answers the user's id and whether it is new.
 */
export async function prepareDemo(sql: Sql, keyring: MasterKeyring, password: string): Promise<{ userId: string; created: boolean; importId: string | null }> {
  const [existing] = await sql<{ id: string }[]>`select id from users where email = ${DEMO_EMAIL}`;
  const userId = existing?.id ?? (await createUser(sql, keyring, { email: DEMO_EMAIL, password, role: "admin", keyMode: "background", displayName: "Alex Demo" })).user.id;
  const [imported] = await sql`select 1 from mail_imports where user_id = ${userId} and label = ${DEMO_LABEL} and state <> 'failed'`;
  const importId = imported ? null : (await queueImport(sql, userId, { source: "path", label: DEMO_LABEL, path: DEMO_DIR })).id;
  return { userId, created: !existing, importId };
}

function demoPassword(): string {
  const words = ["Wolke", "Fahrrad", "Tasse", "Leuchtturm", "Apfel", "Brücke", "Kompass", "Laterne"];
  const pick = () => words[crypto.getRandomValues(new Uint32Array(1))[0]! % words.length];
  return `${pick()} ${pick()} ${pick()} ${crypto.randomUUID().slice(0, 6)}`;
}

async function main(): Promise<void> {
  const env = { ...process.env, DATA_DIR: process.env.DATA_DIR || "data-demo" };
  const config = loadConfig(env);
  const context = await openCommandContext(config, log);
  const credentialsFile = join(config.dataDir, "demo-credentials.json");
  let credentials: DemoCredentials;
  try {
    await migrate(context.db.sql, context.db.url, log);
    credentials = existsSync(credentialsFile) ? (JSON.parse(readFileSync(credentialsFile, "utf8")) as DemoCredentials) : { email: DEMO_EMAIL, password: demoPassword() };
    const prepared = await prepareDemo(context.db.sql, context.keyring, credentials.password);
    if (prepared.created) {
      writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
      chmodSync(credentialsFile, 0o600);
    }
  } finally {
    await context.db.close();
  }
  process.stdout.write(
    [
      "",
      "Mail Helper demo",
      `  open:      ${config.publicUrl}`,
      `  e-mail:    ${credentials.email}`,
      `  password:  ${credentials.password}`,
      "  The first sign-in asks you to set up a second factor (any TOTP app).",
      `  Data:      ${config.dataDir} (delete it to start over)`,
      "",
    ].join("\n"),
  );
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "main.ts"), "all"], { env: { ...env, NODE_ENV: "production" }, stdio: ["inherit", "inherit", "inherit"] });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  process.exit(await child.exited);
}

if (import.meta.main) await main();
