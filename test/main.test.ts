/**
 * The product as people start it: the command line in a child process, the
 * embedded PostgreSQL in a fresh data directory, no DATABASE_URL.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { clusterTemplateDir, isAlive, readPidFile } from "../src/db/embedded-postgres.ts";
import { startApp } from "./support/app-process.ts";
import { tempDir } from "./support/temp.ts";
import { waitFor } from "./support/wait.ts";

/** Data directories inside a mode-700 parent, like a root home directory. */
const privateParent = tempDir("private");

function newDataDir(): string {
  const dir = join(privateParent, `data-${crypto.randomUUID().slice(0, 8)}`);
  mkdirSync(dir);
  return dir;
}

const postmasterPid = (dataDir: string) => readPidFile(join(dataDir, "postgres", "postmaster.pid"));

describe("bun start", () => {
  test("serves the layout page and /readyz on the embedded database, then stops cleanly on SIGTERM", async () => {
    const dataDir = newDataDir();
    const app = await startApp("all", { DATA_DIR: dataDir });
    await app.waitForReady();
    // A browser opening the address is sent to sign in (to create the first account, on a new install).
    const page = await fetch(`${app.url}/`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${app.url}/signin`);
    const html = await page.text();
    expect(html).toContain("<!doctype html>");
    expect(html).toContain('href="/signup"');
    const postgresPid = postmasterPid(dataDir);
    expect(isAlive(postgresPid)).toBe(true);
    // Copied from the install-time template, the cluster got a password of its own.
    const templatePassword = readFileSync(join(clusterTemplateDir(), "template.password"), "utf8");
    expect(readFileSync(join(dataDir, "postgres.password"), "utf8")).not.toBe(templatePassword);
    expect(existsSync(join(dataDir, "postgres", "template.password"))).toBe(false);

    expect(await app.stop("SIGTERM")).toBe(0);
    expect(isAlive(postgresPid)).toBe(false);
    expect(app.stdout()).toContain('"msg":"stopped"');
  });

  test("after a SIGKILL, the next start reuses the database left running and stops it at the end", async () => {
    const dataDir = newDataDir();
    const first = await startApp("all", { DATA_DIR: dataDir });
    await first.waitForReady();
    const orphan = postmasterPid(dataDir);
    await first.stop("SIGKILL");
    expect(isAlive(orphan)).toBe(true);

    const second = await startApp("all", { DATA_DIR: dataDir });
    await second.waitForReady();
    expect(postmasterPid(dataDir)).toBe(orphan);
    expect(second.stdout()).toContain("reusing running embedded PostgreSQL");
    expect(await second.stop()).toBe(0);
    expect(isAlive(orphan)).toBe(false);
  });

  test("web and worker run as separate processes on one embedded database", async () => {
    const dataDir = newDataDir();
    const worker = await startApp("worker", { DATA_DIR: dataDir });
    await waitFor(() => worker.stdout().includes('"msg":"worker started"'), { timeoutMs: 20_000, what: "worker to start" });
    const web = await startApp("web", { DATA_DIR: dataDir });
    await web.waitForReady(); // ready means: the web process sees the worker's heartbeat
    expect(web.stdout()).not.toContain("worker started");

    expect(await web.stop()).toBe(0);
    expect(isAlive(postmasterPid(dataDir))).toBe(true); // the worker still uses it
    const response = await fetch(`${web.url}/healthz`).catch(() => undefined);
    expect(response).toBeUndefined();
    const postgresPid = postmasterPid(dataDir);
    expect(await worker.stop()).toBe(0);
    expect(isAlive(postgresPid)).toBe(false);
  });
});
