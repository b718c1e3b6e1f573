/**
 * `bun run bench:start`: how long `bun start` takes until it serves, on the
 * embedded PostgreSQL: the first start (initdb + migrations) and a later
 * start on the same data directory. Goals: under 2 s and under 0.5 s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../test/support/app-process.ts";
import { describeMachine } from "./machine.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function timeStart(dataDir: string): Promise<{ healthy: number; ready: number }> {
  const started = performance.now();
  const app = await startApp("all", { DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  let healthy = 0;
  while (!healthy) {
    if ((await fetch(`${app.url}/healthz`).catch(() => undefined))?.ok) healthy = performance.now() - started;
    else await Bun.sleep(5);
  }
  await app.waitForReady();
  const ready = performance.now() - started;
  if ((await app.stop()) !== 0) throw new Error(`app did not stop cleanly: ${app.stderr()}`);
  return { healthy, ready };
}

const format = ({ healthy, ready }: { healthy: number; ready: number }) => `serving after ${healthy.toFixed(0).padStart(5)} ms, /readyz 200 after ${ready.toFixed(0).padStart(5)} ms`;

console.log(`bench:start on ${describeMachine()} (time from spawning the process, Bun start-up included)`);
for (let run = 1; run <= RUNS; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-start-"));
  try {
    console.log(`  run ${run}: first start  ${format(await timeStart(dataDir))}   (goal: under 2000 ms)`);
    console.log(`  run ${run}: later start  ${format(await timeStart(dataDir))}   (goal: under 500 ms)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log("baseline (../shared/notes/targets.md): embedded PostgreSQL 18 first start < 1 s, later starts ~0.1 s");
