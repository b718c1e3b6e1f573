/**
 * Runs the real command line (`bun src/main.ts …`) as a child process, the
 * way `npm start` and systemd do, with a clean environment.
 */
import { join } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "./ports.ts";
import { waitFor } from "./wait.ts";

export { freePort };

/** The checkout, the working directory of `npm start` and of the systemd units (Bun reads tsconfig.json there). */
const PROJECT_DIR = join(import.meta.dir, "..", "..");
const MAIN = join(PROJECT_DIR, "src", "main.ts");

export interface AppProcess {
  process: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Until the probe answers 200: /readyz (database, schema, a worker) or, for a web process alone, /healthz. */
  waitForReady(timeoutMs?: number, probe?: "/readyz" | "/healthz"): Promise<void>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

function collect(stream: ReadableStream<Uint8Array>): () => string {
  let text = "";
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  })();
  return () => text;
}

export async function startApp(command: string, env: Record<string, string>): Promise<AppProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = Bun.spawn([process.execPath, "--no-env-file", MAIN, command], {
    cwd: PROJECT_DIR,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", LOG_LEVEL: "info", PORT: port, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  return {
    process: child,
    url,
    stdout,
    stderr,
    async waitForReady(timeoutMs = 20_000, probe = "/readyz") {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}: ${stderr()}${stdout().slice(-2000)}`);
          return (await fetch(`${url}${probe}`).catch(() => undefined))?.status === 200;
        },
        { timeoutMs, intervalMs: 50, what: `${url}${probe} to answer 200` },
      );
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return await child.exited;
    },
  };
}

/** Runs a command to completion: exit code and output. */
export async function runCommand(command: string, env: Record<string, string>, options: { args?: string[]; stdin?: string } = {}) {
  const child = Bun.spawn([process.execPath, "--no-env-file", MAIN, command, ...(options.args ?? [])], {
    cwd: PROJECT_DIR,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...env },
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [exitCode, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { exitCode, stdout, stderr };
}
