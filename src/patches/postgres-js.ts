/**
 * Two changes to postgres.js (pinned in package.json), applied at install
 * time by src/patches/apply.ts:
 *
 * - **A fix, until upstream ships it** (porsager/postgres#1208, PRs
 *   #1176/#1209): `nextWrite` runs from a setImmediate and dereferences the
 *   socket even after the connection closed (a PostgreSQL restart),
 *   throwing an exception no caller can catch, which kills the process. By
 *   then `closed()` has already rejected the queries of that connection, so
 *   the buffered write is dropped instead.
 * - **bytea parameters in binary.** postgres.js sends every parameter as
 *   text, a Buffer as "\x" and hex: twice its size, turned into a string,
 *   measured, copied into a buffer grown step by step, and decoded again by
 *   the server. Sync stores every message encrypted, so this was a third of
 *   its CPU time (`bun run bench:sync`). A Buffer bound to a bytea now goes
 *   as its bytes (format code 1, which PostgreSQL reads as the bytea
 *   itself), into a buffer sized once. Everything else is sent as before.
 */
import type { Change, DependencyPatch } from "./apply.ts";

const WRITE_RACE_FIX: Change = {
  file: "connection.js",
  unpatched: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
  patched:
    "  function nextWrite(fn) {\n    if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false } // mail-helper: porsager/postgres#1208\n    const x = socket.write(chunk, fn)",
};

/** The message builder learns to reserve room once and to copy bytes in (the Bind change below uses both). */
const BYTES_WRITER: Change = {
  file: "bytes.js",
  unpatched: "  z(x) {",
  patched: [
    "  reserve(x) { // mail-helper: bytea in binary",
    "    fit(x)",
    "    return b",
    "  },",
    "  bytes(x) {",
    "    fit(x.byteLength)",
    "    buffer.set(x, b.i)",
    "    b.i += x.byteLength",
    "    return b",
    "  },",
    "  z(x) {",
  ].join("\n"),
};

const BINARY_BYTEA: Change = {
  file: "connection.js",
  unpatched: [
    "    b().B().str(portal + b.N).str(statement + b.N).i16(0).i16(parameters.length)",
    "",
    "    parameters.forEach((x, i) => {",
    "      if (x === null)",
    "        return b.i32(0xFFFFFFFF)",
    "",
  ].join("\n"),
  patched: [
    "    // mail-helper: a Buffer bound to a bytea goes as its bytes (format 1), not as hex text",
    "    const binary = parameters.map((x, i) => types[i] === 17 && x instanceof Uint8Array)",
    "    b().B().str(portal + b.N).str(statement + b.N)",
    "    binary.includes(true)",
    "      ? (b.i16(binary.length), binary.forEach(x => b.i16(x ? 1 : 0)), b.reserve(parameters.reduce((sum, x, i) => binary[i] ? sum + x.byteLength + 4 : sum, 0)))",
    "      : b.i16(0)",
    "    b.i16(parameters.length)",
    "",
    "    parameters.forEach((x, i) => {",
    "      if (x === null)",
    "        return b.i32(0xFFFFFFFF)",
    "      if (binary[i])",
    "        return b.i32(x.byteLength).bytes(x)",
    "",
  ].join("\n"),
};

export const POSTGRES_JS_PATCH: DependencyPatch = {
  package: "postgres",
  summary: "the fix for porsager/postgres#1208, bytea in binary",
  // postgres.js ships the same sources three times (ESM, CommonJS, Cloudflare); each copy gets the changes.
  dirs: ["src", "cjs/src", "cf/src"],
  // The Bind change calls the builder's new methods, so those two go together.
  changeSets: [[WRITE_RACE_FIX], [BYTES_WRITER, BINARY_BYTEA]],
};
