/**
 * Imports over the API and the /imports pages: an upload streamed to a
 * file and imported by the task, its progress and result readable by its
 * owner only (another user's import id answers 404); an upload past
 * IMPORT_MAX_BYTES refused and nothing kept; a server path only for
 * administrators and only under IMPORT_ROOT (no "..", no symbolic link out);
 * the import page and the user's jobs page show it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runImport } from "../../../../../src/mail/import/run-import.ts";
import { uploadDir } from "../../../../../src/mail/import/request.ts";
import { makeMessage } from "../../../../support/messages.ts";
import { tempDir } from "../../../../support/temp.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const root = tempDir("import-root");
const outside = tempDir("import-outside");
const { db, services, app } = await openTestApp({ IMPORT_MAX_BYTES: "200000", IMPORT_ROOT: root });
afterAll(() => db.drop());

const mbox = (subjects: string[]) =>
  subjects.map((subject) => `From x@example.org Mon Dec  7 01:46:59 2026\n${makeMessage({ from: "a@example.org", to: "b@example.org", subject, body: "Hallo" })}\n`).join("");

const upload = (cookie: string, body: string, name = "Archiv.mbox") =>
  client(app, { cookie }).json(`/api/v1/imports?name=${encodeURIComponent(name)}`, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body });

describe("POST /api/v1/imports", () => {
  test("an upload is imported by the job; its owner reads progress and result; another user gets 404", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const response = await upload(owner.cookie, mbox(["eins", "zwei", "drei"]));
    expect(response.status).toBe(202);
    const queued = (await response.json()) as { id: string; state: string; label: string };
    expect(queued).toMatchObject({ state: "queued", label: "Archiv.mbox" });
    // The jobs page lists it before it runs.
    const jobs = await (await client(app, { cookie: owner.cookie }).get("/jobs")).text();
    expect(jobs).toContain('data-task="import_mail"');
    expect(jobs).toContain(`/imports/${queued.id}`);

    await runImport(services, { importId: queued.id, userId: owner.user.id });
    const read = await client(app, { cookie: owner.cookie }).json(`/api/v1/imports/${queued.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ state: "done", total: 3, processed: 3, imported: 3, duplicates: 0, format: "mbox" });
    // The uploaded file is gone once imported.
    expect(readdirSync(uploadDir(services.config))).not.toContain(`${queued.id}.upload`);

    expect((await client(app, { cookie: other.cookie }).json(`/api/v1/imports/${queued.id}`)).status).toBe(404);
    expect((await client(app, { cookie: other.cookie }).get(`/imports/${queued.id}`)).status).toBe(404);
    const theirs = (await (await client(app, { cookie: other.cookie }).json("/api/v1/imports")).json()) as { imports: unknown[] };
    expect(theirs.imports).toEqual([]);
    const mine = (await (await client(app, { cookie: owner.cookie }).json("/api/v1/imports")).json()) as { imports: { id: string }[]; next: string | null };
    expect(mine.imports.map((row) => row.id)).toEqual([queued.id]);
    expect(mine.next).toBeNull();

    const page = await (await client(app, { cookie: owner.cookie }).get(`/imports/${queued.id}`)).text();
    expect(page).toContain('data-state="done"');
    expect(page).toContain("3 importiert, 0 Duplikate übersprungen");
  }, 30_000);

  test("an upload over IMPORT_MAX_BYTES is refused and nothing is kept", async () => {
    const owner = await createTestUser(services);
    const before = readdirSync(uploadDir(services.config)).length;
    const response = await upload(owner.cookie, "A".repeat(300_000));
    expect(response.status).toBe(413);
    expect(readdirSync(uploadDir(services.config)).length).toBe(before);
    const [row] = await db.sql`select count(*)::int as n from mail_imports where user_id = ${owner.user.id}`;
    expect(row!.n).toBe(0);
  }, 30_000);
});

describe("POST /api/v1/imports/server-path", () => {
  test("administrators only, and only under IMPORT_ROOT", async () => {
    const user = await createTestUser(services);
    const admin = await createTestUser(services, { role: "admin" });
    mkdirSync(join(root, "exports"), { recursive: true });
    writeFileSync(join(root, "exports", "INBOX.mbox"), mbox(["vier"]));
    writeFileSync(join(outside, "secret.mbox"), mbox(["geheim"]));
    symlinkSync(join(outside, "secret.mbox"), join(root, "link.mbox"));
    const post = (cookie: string, path: string) =>
      client(app, { cookie }).json("/api/v1/imports/server-path", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ path }) });

    expect((await post(user.cookie, "exports")).status).toBe(404);
    expect((await post(admin.cookie, "../import-outside/secret.mbox")).status).toBe(400);
    expect((await post(admin.cookie, join(outside, "secret.mbox"))).status).toBe(400);
    expect((await post(admin.cookie, "link.mbox")).status).toBe(400);
    expect((await post(admin.cookie, "missing")).status).toBe(400);
    const accepted = await post(admin.cookie, "exports");
    expect(accepted.status).toBe(202);
    const queued = (await accepted.json()) as { id: string; label: string };
    expect(queued.label).toBe("exports");
    await runImport(services, { importId: queued.id, userId: admin.user.id });
    const [folder] = await db.sql`select f.path from folders f join mail_imports i on i.account_id = f.account_id where i.id = ${queued.id}`;
    expect(folder!.path).toBe("INBOX");
  }, 30_000);
});
