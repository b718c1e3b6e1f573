/**
 * npm's postinstall: our changes to dependencies (src/patches/) and the
 * embedded PostgreSQL template (first start copies instead of initdb).
 * Never fails the install: both only make things better when they work.
 */
import { prepareClusterTemplate } from "../db/embedded-postgres.ts";
import { log, setLogLevel } from "../log.ts";
import { applyPatch, DEPENDENCY_PATCHES } from "../patches/apply.ts";

setLogLevel("warn");
for (const patch of DEPENDENCY_PATCHES) {
  try {
    applyPatch(patch);
  } catch (error) {
    process.stderr.write(`mail-helper: could not apply our changes to ${patch.package} (${(error as Error).message})\n`);
  }
}
try {
  await prepareClusterTemplate(log);
} catch (error) {
  process.stderr.write(`mail-helper: no PostgreSQL template prepared (${(error as Error).message}); the first start will create the cluster itself\n`);
}
