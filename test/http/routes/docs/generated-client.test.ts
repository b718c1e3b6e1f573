/**
 * A client generated from the served OpenAPI document works: openapi-typescript
 * turns /api/openapi.json into types, the flow in ./client-flow/flow.ts
 * (openapi-fetch over those types) must typecheck against them, and then
 * drives a running server, its worker and a real Dovecot through link →
 * sync → list → message → correction → read back.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startWorker } from "../../../../src/jobs/worker.ts";
import { OPENAPI_PATH } from "../../../../src/http/routes/docs/openapi.ts";
import { dovecot, makeMessage } from "../../../support/dovecot.ts";
import { serveTestApp } from "../../../support/test-app.ts";
import { createTestUser } from "../../../support/users.ts";

const ROOT = join(import.meta.dir, "../../../..");
/** Inside the repository (ignored by git and the linters) so the flow resolves openapi-fetch from node_modules. */
const WORK_DIR = join(ROOT, "test/.generated", `client-${process.pid}`);

const { db, services, baseUrl, close } = await serveTestApp();
const worker = await startWorker({ ...services, db }, { crontab: "# no entries" });
const server = await dovecot();
afterAll(async () => {
  await worker.stop();
  await close();
  rmSync(WORK_DIR, { recursive: true, force: true });
});

/** Asynchronous: the server the flow talks to runs in this process, so a blocking spawn would starve it. */
async function run(command: string[], env: Record<string, string> = {}) {
  const child = Bun.spawn(command, { cwd: ROOT, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { exitCode, stdout, stderr };
}

function expectSuccess(what: string, result: Awaited<ReturnType<typeof run>>): void {
  if (result.exitCode !== 0) console.error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
  expect(result.exitCode).toBe(0);
}

let generated: Promise<void> | undefined;

/** Types generated from the document the server serves, once per file, with the tsconfig both tests compile against. */
function generateSchema(): Promise<void> {
  generated ??= (async () => {
    mkdirSync(WORK_DIR, { recursive: true });
    const response = await fetch(`${baseUrl}${OPENAPI_PATH}`);
    expect(response.status).toBe(200);
    writeFileSync(join(WORK_DIR, "openapi.json"), await response.text());
    expectSuccess("openapi-typescript", await run(["node", "node_modules/openapi-typescript/bin/cli.js", join(WORK_DIR, "openapi.json"), "--output", join(WORK_DIR, "schema.ts")]));
    writeFileSync(
      join(WORK_DIR, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ESNext", module: "Preserve", moduleResolution: "bundler", types: ["bun"], strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true },
        files: ["flow.ts"],
      }),
    );
  })();
  return generated;
}

describe("a client generated from the served document", () => {
  test("typechecks and drives token → link → sync → list → message → correction, with the token alone after the first step", async () => {
    await generateSchema();
    copyFileSync(join(import.meta.dir, "client-flow/flow.ts"), join(WORK_DIR, "flow.ts"));
    expectSuccess("tsc on the flow", await run(["node_modules/.bin/tsc", "--noEmit", "-p", join(WORK_DIR, "tsconfig.json")]));

    const user = await createTestUser(services);
    const box = server.createMailbox();
    server.seedMaildir(box.user, "INBOX", [makeMessage({ from: "Anna Müller <anna@example.org>", to: box.user, subject: "Angebot Dachsanierung", body: "Guten Tag, anbei unser Angebot." })]);
    const flow = await run(["bun", join(WORK_DIR, "flow.ts")], {
      BASE_URL: baseUrl,
      SESSION_COOKIE: user.cookie,
      IMAP_HOST: box.host,
      IMAP_PORT: String(box.tlsPort),
      IMAP_USER: box.user,
      IMAP_PASSWORD: box.password,
      IMAP_CA: box.ca,
    });
    expectSuccess("the flow", flow);
    const seen = JSON.parse(flow.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      tokenScopes: ["read", "change"],
      accountsBefore: 0,
      stored: 1,
      listed: ["Angebot Dachsanierung"],
      subject: "Angebot Dachsanierung",
      from: "anna@example.org",
      urgency: 3,
      importance: 3,
      trafficLight: "red",
    });
    // The steps after the first carried only the token's header; the server saw it used.
    const [usage] = await db.sql`select last_used_at from api_tokens where user_id = ${user.user.id}`;
    expect(usage!.last_used_at).not.toBeNull();
    const [analysis] = await db.sql`select urgency, importance, corrected_fields from analyses where user_id = ${user.user.id}`;
    expect(analysis).toMatchObject({ urgency: 3, importance: 3 });
    expect(analysis!.corrected_fields).toEqual(expect.arrayContaining(["urgency", "importance"]));
  }, 120_000);

  test("a type error in a client fails the typecheck", async () => {
    await generateSchema();
    // A correction's urgency is 1–3: 7 must not compile.
    writeFileSync(
      join(WORK_DIR, "broken.ts"),
      'import createClient from "openapi-fetch";\nimport type { paths } from "./schema.ts";\nconst api = createClient<paths>({});\nawait api.POST("/api/v1/messages/{messageId}/corrections", { params: { path: { messageId: "x" } }, body: { urgency: 7 } });\n',
    );
    writeFileSync(join(WORK_DIR, "tsconfig.broken.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["broken.ts"] }));
    const result = await run(["node_modules/.bin/tsc", "--noEmit", "-p", join(WORK_DIR, "tsconfig.broken.json")]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("broken.ts");
  }, 60_000);
});
