/**
 * Sieve over HTTP: the export is the signed-in user's rules only, named by
 * folder path and tag keyword; the import creates disabled shadow rules and
 * lists what it could not map; a syntax error is 400 naming the line;
 * signed out is 401.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import type { SieveImportSchema } from "../../src/http/routes/api/v1/rules-sieve.ts";
import { createRule } from "../../src/rules/store.ts";
import { createTag } from "../../src/tags/store.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

type ImportJson = z.infer<typeof SieveImportSchema>;

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const ORIGIN = "http://127.0.0.1:3000";

async function user() {
  const box = await seedMailbox(services);
  return { box, api: client(app, { cookie: box.user.cookie }) };
}

const exportOf = async (api: ReturnType<typeof client>) => {
  const response = await api.json("/api/v1/rules-sieve");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return await response.text();
};

const importInto = (api: ReturnType<typeof client>, script: string) =>
  api.json("/api/v1/rule-imports", { method: "POST", headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ script }) });

describe("the Sieve API", () => {
  test("exports the user's own rules, by folder path and tag keyword", async () => {
    const alice = await user();
    const bob = await user();
    const tag = await createTag(services.sql, alice.box.user.dataKey, alice.box.user.user.id, "Steuer 2026");
    if (!tag.ok) throw new Error("no tag");
    const condition = { type: "text", field: "subject", match: "contains", value: "Rechnung" } as const;
    await createRule(services.sql, alice.box.user.dataKey, alice.box.user.user.id, {
      name: "Rechnungen",
      definition: { condition, actions: [{ type: "add-tag", tagId: tag.tag.id }, { type: "archive" }] },
    });
    await createRule(services.sql, bob.box.user.dataKey, bob.box.user.user.id, { name: "Bobs Geheimnis", definition: { condition, actions: [{ type: "trash" }] } });

    const script = await exportOf(alice.api);
    expect(script).toContain("# Rule: Rechnungen");
    expect(script).toContain('addflag "Steuer_2026";\n  fileinto "Archive";');
    expect(script).not.toContain("Bobs Geheimnis");
    expect(script).not.toContain("Trash");
    expect(await exportOf(bob.api)).not.toContain("Rechnungen");
  });

  test("imports as disabled shadow rules, lists what it could not map, and reads its own export back", async () => {
    const alice = await user();
    const response = await importInto(
      alice.api,
      `require ["fileinto", "imap4flags"];
# Rule: Alte Rechnungen
if header :contains "subject" "Rechnung" { addflag "\\\\Seen"; fileinto "Archive"; }
if header :contains "subject" "x" { redirect "elsewhere@example.org"; }`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as ImportJson;
    expect(body.created).toHaveLength(1);
    expect(body.created[0]).toMatchObject({ name: "Alte Rechnungen", enabled: false, mode: "shadow", definition: { actions: [{ type: "mark-read" }, { type: "archive" }] } });
    expect(body.unmapped.map((entry) => [entry.line, entry.why])).toEqual([
      [4, 'the action "redirect"'],
      [4, "no action a rule can do"],
    ]);
    // Disabled rules export as comments only; the import of that is nothing.
    const again = (await (await importInto(alice.api, await exportOf(alice.api))).json()) as ImportJson;
    expect(again).toEqual({ created: [], unmapped: [] });
  });

  test("a syntax error is 400 with its line; signed out is 401", async () => {
    const alice = await user();
    const broken = await importInto(alice.api, 'if true {\n  discard;\n  fileinto "a');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toBe("script line 3: unterminated string");
    const anonymous = client(app);
    expect((await anonymous.json("/api/v1/rules-sieve")).status).toBe(401);
    expect((await importInto(anonymous, "stop;")).status).toBe(401);
  });
});
