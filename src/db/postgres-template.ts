/**
 * Run by npm's postinstall: prepares the embedded PostgreSQL template so the
 * first `npm start` copies a cluster instead of running initdb. Never fails
 * the install: without a template, the first start runs initdb itself.
 */
import { log, setLogLevel } from "../log.ts";
import { prepareClusterTemplate } from "./embedded-postgres.ts";

setLogLevel("warn");
try {
  await prepareClusterTemplate(log);
} catch (error) {
  process.stderr.write(`mail-helper: no PostgreSQL template prepared (${(error as Error).message}); the first start will create the cluster itself\n`);
}
