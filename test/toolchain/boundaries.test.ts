/**
 * The import boundaries in biome.json bite: probe sources placed at the paths
 * they would have in the tree are linted with the project's own biome.json and
 * biome-plugins/, in a copy of the configuration beside them (so the real tree's
 * state does not matter). Each breaking probe must get its boundary error, and
 * each clean probe must get no finding at all, so the test fails both when a
 * rule stops biting and when it bites too much.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../support/temp.ts";

const PROJECT_DIR = join(import.meta.dir, "..", "..");
const BIOME = join(PROJECT_DIR, "node_modules", ".bin", "biome");

const NO_SQL = "No SQL under src/http";
const API_PAGE = "src/http/routes/api imports no page route";
const DOMAIN = "Domain modules";

interface Diagnostic {
  severity: string;
  message: string;
  category: string;
  location: { path: string; start: { line: number } };
}

/** Sources that break a boundary, by path, with the start of the message each must get. */
const BREAKING: Record<string, { source: string; message: string }> = {
  "src/http/routes/accounts/probe-sql.ts": {
    message: NO_SQL,
    source: 'import type { Sql } from "../../../db/connection.ts";\n\nexport const count = async (sql: Sql) => await sql`select count(*) from mail_accounts`;\n',
  },
  "src/http/routes/messages/probe-services-sql.ts": {
    message: NO_SQL,
    source: `import type { Services } from "../../env.ts";\n\nexport const mark = async (services: Services, id: string) => await services.sql\`update messages set done_at = now() where id = \${id}\`;\n`,
  },
  "src/http/routes/threads/probe-context-sql.ts": {
    message: NO_SQL,
    source: 'import type { Context } from "hono";\n\nexport const one = async (c: Context) => await c.var.sql`select 1`;\n',
  },
  "src/http/routes/settings/probe-transaction.ts": {
    message: NO_SQL,
    source: 'import type { Sql } from "../../../db/connection.ts";\n\nexport const save = (sql: Sql) => sql.begin(async (tx) => tx`delete from sessions`);\n',
  },
  "src/http/probe-unsafe.ts": {
    message: NO_SQL,
    source: 'import type { Sql } from "../db/connection.ts";\n\nexport const raw = (sql: Sql) => sql.unsafe("select 1");\n',
  },
  "src/http/routes/dashboard/probe-postgres.ts": {
    message: NO_SQL,
    source: 'import postgres from "postgres";\n\nexport const connect = (url: string) => postgres(url);\n',
  },
  "src/http/routes/admin/probe-db-connection.ts": {
    message: NO_SQL,
    source: 'import { openDatabase } from "../../../db/connection.ts";\n\nexport const open = openDatabase;\n',
  },
  "src/http/routes/api/v1/probe-page-route.ts": {
    message: API_PAGE,
    source: 'import { linkMailAccount } from "../../accounts/link.ts";\n\nexport const link = linkMailAccount;\n',
  },
  "src/http/routes/api/v1/probe-page-route-via-http.ts": {
    message: API_PAGE,
    source: 'export { threadRows } from "../../../routes/threads/queries.ts";\n',
  },
  "src/http/routes/api/probe-page-route-shallow.ts": {
    message: API_PAGE,
    source: 'import { renderList } from "../messages/list/view.tsx";\n\nexport const list = renderList;\n',
  },
  "src/mail/probe-http.ts": {
    message: DOMAIN,
    source: 'import { parseRequest } from "../http/request.ts";\n\nexport const parse = parseRequest;\n',
  },
  "src/auth/probe-http-type.ts": {
    message: DOMAIN,
    source: 'import type { Env } from "../http/env.ts";\n\nexport type AppEnv = Env;\n',
  },
  "src/mail/sync/probe-views.ts": {
    message: DOMAIN,
    source: 'import { Layout } from "../../../views/layout.tsx";\n\nexport const layout = Layout;\n',
  },
};

/** Sources on the right side of every boundary: no finding at all. */
const CLEAN: Record<string, string> = {
  // A route: names the Sql type, hands the connection to a domain module, renders with html``.
  "src/http/routes/accounts/probe-clean.ts": [
    'import { html } from "hono/html";',
    'import type { Sql } from "../../../db/connection.ts";',
    'import { listAccounts } from "../../../mail/accounts.ts";',
    'import { AppError } from "../../errors.ts";',
    "",
    "export const page = async (sql: Sql, userId: string) => {",
    "  const accounts = await listAccounts(sql, userId);",
    '  if (accounts.length === 0) throw new AppError("NOT_FOUND", "no accounts");',
    `  return html\`<p>\${accounts.length} accounts of \${userId}</p>\`;`,
    "};",
    "",
  ].join("\n"),
  // An API route: its own folder, the HTTP layer, domain modules (also ones named like page folders).
  "src/http/routes/api/v1/probe-clean.ts": [
    'import { OpenAPIHono } from "@hono/zod-openapi";',
    'import { requireUser } from "../../../middleware/auth.ts";',
    'import { accountsSchema } from "../../api/v1/accounts-schemas.ts";',
    'import { sessionsOf } from "../../../../auth/sessions.ts";',
    'import { accountStatus } from "../../../../mail/accounts/status.ts";',
    'import { meRoute } from "./me.ts";',
    "",
    "export const api = new OpenAPIHono();",
    "export const used = [requireUser, accountsSchema, sessionsOf, accountStatus, meRoute];",
    "",
  ].join("\n"),
  // A domain module: runs SQL, imports the driver, src/db and packages whose names contain http.
  "src/mail/probe-clean.ts": [
    'import { HTTPException } from "hono/http-exception";',
    'import { request } from "node:http";',
    'import postgres from "postgres";',
    'import type { Sql } from "../db/connection.ts";',
    "",
    "export const connect = (url: string) => postgres(url);",
    "export const count = async (sql: Sql) => await sql`select count(*) from messages`;",
    "export const used = [HTTPException, request];",
    "",
  ].join("\n"),
  // The wiring outside the domain may import the HTTP layer and views.
  "src/cli/probe-clean.ts": 'import { createApp } from "../http/app.tsx";\nimport { Layout } from "../../views/layout.tsx";\n\nexport const used = [createApp, Layout];\n',
  "src/server.ts": 'import { createApp } from "./http/app.tsx";\n\nexport const app = createApp;\n',
};

let diagnostics: Diagnostic[] = [];

beforeAll(async () => {
  const dir = tempDir("biome-probes");
  cpSync(join(PROJECT_DIR, "biome.json"), join(dir, "biome.json"));
  cpSync(join(PROJECT_DIR, "biome-plugins"), join(dir, "biome-plugins"), { recursive: true });
  const probes = { ...Object.fromEntries(Object.entries(BREAKING).map(([path, probe]) => [path, probe.source])), ...CLEAN };
  for (const [path, source] of Object.entries(probes)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const biome = Bun.spawn([BIOME, "lint", "--reporter=json", "--max-diagnostics=none", "src"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr] = await Promise.all([new Response(biome.stdout).text(), new Response(biome.stderr).text(), biome.exited]);
  const start = stdout.indexOf("{");
  if (start < 0) throw new Error(`biome printed no JSON report: ${stdout}${stderr}`);
  diagnostics = (JSON.parse(stdout.slice(start)) as { diagnostics: Diagnostic[] }).diagnostics;
});

const findingsFor = (path: string) => diagnostics.filter((diagnostic) => diagnostic.location.path === path);

describe("import boundaries (biome.json)", () => {
  for (const [path, probe] of Object.entries(BREAKING)) {
    test(`${path} is refused: ${probe.message}`, () => {
      const errors = findingsFor(path).filter((diagnostic) => diagnostic.severity === "error");
      expect(errors.map((diagnostic) => diagnostic.message.slice(0, probe.message.length))).toContain(probe.message);
      expect(errors.every((diagnostic) => ["plugin", "lint/style/noRestrictedImports"].includes(diagnostic.category))).toBe(true);
    });
  }

  for (const path of Object.keys(CLEAN)) {
    test(`${path} passes`, () => {
      expect(findingsFor(path).map((diagnostic) => `${diagnostic.category} line ${diagnostic.location.start.line}: ${diagnostic.message}`)).toEqual([]);
    });
  }
});
