/**
 * Runs once before any test file (bunfig.toml `[test] preload`): quiet
 * logs, and the shared services stopped after the last file.
 */
import { afterAll } from "bun:test";
import { closeBrowser } from "./browser.ts";
import { quietLogs } from "./logs.ts";
import { stopTestCluster } from "./postgres.ts";
import { removeStaleTempDirs, removeTempDirs } from "./temp.ts";

quietLogs();
removeStaleTempDirs();

afterAll(async () => {
  await closeBrowser();
  await stopTestCluster();
  removeTempDirs();
});
