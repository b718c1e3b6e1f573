/**
 * Runs once before any test file (bunfig.toml `[test] preload`): quiet
 * logs, and the shared services stopped after the last file.
 */
import { afterAll } from "bun:test";
import { guardPostgresWriteRace } from "../../src/db/connection.ts";
import { log } from "../../src/log.ts";
import { closeBrowser } from "./browser.ts";
import { quietLogs } from "./logs.ts";
import { stopTestCluster } from "./postgres.ts";
import { removeStaleTempDirs, removeTempDirs } from "./temp.ts";

quietLogs();
// As in the app (src/db/connection.ts): the fault tests restart PostgreSQL under live pools.
guardPostgresWriteRace(log);
removeStaleTempDirs();

afterAll(async () => {
  await closeBrowser();
  await stopTestCluster();
  removeTempDirs();
});
