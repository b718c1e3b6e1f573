/**
 * Temporary directories for one test run, all under one root that the
 * preload removes at the end (and that the next run removes if this one was
 * killed), so runs leave nothing behind in /tmp.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "../../src/db/embedded-postgres.ts";

const PREFIX = "mh-test-run-";
const root = join(tmpdir(), `${PREFIX}${process.pid}`);

/** A new directory (mode 700) for this test run. */
export function tempDir(name = "dir"): string {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return mkdtempSync(join(root, `${name}-`));
}

export function removeTempDirs(): void {
  rmSync(root, { recursive: true, force: true });
}

/** Roots of earlier runs whose process is gone. */
export function removeStaleTempDirs(): void {
  for (const entry of readdirSync(tmpdir()).filter((name) => name.startsWith(PREFIX))) {
    if (!isAlive(Number(entry.slice(PREFIX.length)))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}
