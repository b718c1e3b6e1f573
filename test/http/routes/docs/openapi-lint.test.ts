/**
 * The served OpenAPI document is usable by clients: Redocly's `recommended`
 * rules pass with no error and no warning (redocly.yaml), every operation
 * has a unique operationId and says how it is authenticated.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OPENAPI_PATH } from "../../../../src/http/routes/docs/openapi.ts";
import { openTestApp } from "../../../support/test-app.ts";
import { tempDir } from "../../../support/temp.ts";

const { db, app } = await openTestApp();
afterAll(() => db.drop());

const ROOT = join(import.meta.dir, "../../../..");
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes?: Record<string, unknown> }; tags?: { name: string }[] };

async function servedDocument(): Promise<{ text: string; document: Document }> {
  const response = await app.request(OPENAPI_PATH);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, document: JSON.parse(text) as Document };
}

function operations(document: Document): { where: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })),
  );
}

describe("the served OpenAPI document", () => {
  test("passes redocly lint with the recommended rules: no errors, no warnings", async () => {
    const { text } = await servedDocument();
    const file = join(tempDir("openapi"), "openapi.json");
    writeFileSync(file, text);
    const lint = Bun.spawnSync(["node", join(ROOT, "node_modules/@redocly/cli/bin/cli.js"), "lint", "--config", join(ROOT, "redocly.yaml"), "--format", "stylish", file], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    const output = `${lint.stdout.toString()}\n${lint.stderr.toString()}`;
    if (lint.exitCode !== 0 || /warning/i.test(lint.stdout.toString())) console.error(output);
    expect(lint.exitCode).toBe(0);
    expect(output).not.toMatch(/\d+ warnings?/);
    expect(output).toContain("Woohoo! Your API description is valid.");
  }, 60_000);

  test("no two operations share an operationId", async () => {
    const { document } = await servedDocument();
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    const missing: string[] = [];
    for (const { where, operation } of operations(document)) {
      if (!operation.operationId) {
        missing.push(where);
        continue;
      }
      const earlier = seen.get(operation.operationId);
      if (earlier) clashes.push(`${operation.operationId}: ${earlier} and ${where}`);
      seen.set(operation.operationId, where);
    }
    expect(missing).toEqual([]);
    expect(clashes).toEqual([]);
  });

  test("every operation states its security with the document's schemes, and a tag that is described", async () => {
    const { document } = await servedDocument();
    const schemes = Object.keys(document.components.securitySchemes ?? {});
    expect(schemes.sort()).toEqual(["bearerToken", "cookieSession"]);
    const describedTags = new Set((document.tags ?? []).map((tag) => tag.name));
    const problems: string[] = [];
    for (const { where, operation } of operations(document)) {
      if (!operation.security) problems.push(`${where}: no security`);
      for (const requirement of operation.security ?? []) for (const name of Object.keys(requirement)) if (!schemes.includes(name)) problems.push(`${where}: unknown scheme ${name}`);
      if (!operation.tags?.length) problems.push(`${where}: no tag`);
      for (const tag of operation.tags ?? []) if (!describedTags.has(tag)) problems.push(`${where}: tag ${tag} not described at the top level`);
    }
    expect(problems).toEqual([]);
  });
});
