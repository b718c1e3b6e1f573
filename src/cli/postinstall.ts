/**
 * npm's postinstall: the postgres.js fix (src/db/patch-postgres-js.ts) and
 * the embedded PostgreSQL template (first start copies instead of initdb).
 * Never fails the install: both only make things better when they work.
 */
import { patchPostgresJs } from "../db/patch-postgres-js.ts";
import { prepareClusterTemplate } from "../db/embedded-postgres.ts";
import { log, setLogLevel } from "../log.ts";

setLogLevel("warn");
try {
  patchPostgresJs();
} catch (error) {
  process.stderr.write(`mail-helper: could not apply the postgres.js fix (${(error as Error).message})\n`);
}
try {
  await prepareClusterTemplate(log);
} catch (error) {
  process.stderr.write(`mail-helper: no PostgreSQL template prepared (${(error as Error).message}); the first start will create the cluster itself\n`);
}
