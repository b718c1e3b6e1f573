/**
 * A one-line fix applied to postgres.js at install time, until upstream
 * ships it (porsager/postgres#1208, PRs #1176/#1209): `nextWrite` runs from
 * a setImmediate and dereferences the socket even after the connection
 * closed (a PostgreSQL restart), throwing an exception no caller can catch,
 * which kills the process. By then `closed()` has already rejected the
 * queries of that connection, so the buffered write is dropped instead.
 *
 * Idempotent; exported for `postinstall` (src/cli/postinstall.ts) and for
 * the start-up check that warns when it is missing.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const UNPATCHED = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
const PATCHED =
  "  function nextWrite(fn) {\n    if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false } // mail-helper: porsager/postgres#1208\n    const x = socket.write(chunk, fn)";

function connectionFiles(): string[] {
  const root = dirname(Bun.resolveSync("postgres/package.json", import.meta.dir));
  return ["src", "cjs/src", "cf/src"].map((dir) => join(root, dir, "connection.js")).filter((file) => existsSync(file));
}

/** Applies the fix where needed; returns the files changed. */
export function patchPostgresJs(): string[] {
  const changed: string[] = [];
  for (const file of connectionFiles()) {
    const text = readFileSync(file, "utf8");
    if (text.includes(PATCHED) || !text.includes(UNPATCHED)) continue;
    writeFileSync(file, text.replace(UNPATCHED, PATCHED));
    changed.push(file);
  }
  return changed;
}

/** True when every copy of connection.js has the fix (or upstream no longer has the bug). */
export function postgresJsPatched(): boolean {
  return connectionFiles().every((file) => !readFileSync(file, "utf8").includes(UNPATCHED));
}
