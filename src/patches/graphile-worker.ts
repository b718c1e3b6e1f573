/**
 * A fix to graphile-worker 0.18's batcher of job outcomes (`batch()` in
 * dist/main.js), applied at install time by src/patches/apply.ts.
 *
 * When a batched write fails (the database went away), the batcher holds
 * later writes back behind a promise and counts that as one pending write;
 * `allgood()` resolves the promise and uncounts it. But it never clears the
 * promise, so every later successful write uncounts it again and the count
 * goes below zero. The pool that ends after the failure (it always does)
 * waits for the count to reach zero before it ends, which it then never
 * does: the worker went without a runner until our shutdown timeout
 * (SHUTDOWN_TIMEOUT_S, 30 s) forced it, even with no job running. Seen
 * after PostgreSQL restarts; test/jobs/worker.error.test.ts reproduces it.
 */
import type { Change, DependencyPatch } from "./apply.ts";

const CLEAR_BACKPRESSURE: Change = {
  file: "main.js",
  unpatched: ["    function allgood() {", "        if (backpressure) {", "            backpressure.resolve();", ""].join("\n"),
  patched: [
    "    function allgood() {",
    "        if (backpressure) {",
    "            backpressure.resolve();",
    "            backpressure = null; // mail-helper: uncount the hold-up once, not on every later success",
    "",
  ].join("\n"),
};

export const GRAPHILE_WORKER_PATCH: DependencyPatch = {
  package: "graphile-worker",
  summary: "the fix that lets a runner end after a failed job outcome write",
  dirs: ["dist"],
  changeSets: [[CLEAR_BACKPRESSURE]],
};
