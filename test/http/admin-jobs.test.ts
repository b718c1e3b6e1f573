/**
 * /admin/jobs and /jobs over HTTP: only administrators see the dashboard
 * (404 for others, like every /admin page), errors are shown escaped and
 * payloads as ids only, the actions need a same-origin form (403 otherwise)
 * and act on one job, the checked ones or all failed of a task; /jobs shows
 * a user only their own jobs.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, FORM_HEADERS } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const sql = db.sql;

const admin = await createTestUser(services, { role: "admin" });
const user = await createTestUser(services);

async function failedJob(task: string, payload: Record<string, unknown>, error: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id::text as id from graphile_worker.add_job(${task}::text, ${sql.json(payload as never)}::json, max_attempts => 2)`;
  await sql`select graphile_worker.permanently_fail_jobs(array[${row!.id}]::bigint[], ${error})`;
  return row!.id;
}
const exists = async (id: string) => (await sql`select 1 from graphile_worker._private_jobs where id = ${id}::bigint`).length === 1;
const attempts = async (id: string) => (await sql<{ attempts: number }[]>`select attempts from graphile_worker._private_jobs where id = ${id}::bigint`)[0]?.attempts;

describe("/admin/jobs", () => {
  test("a user who is not an administrator gets 404, for the page and the actions", async () => {
    const id = await failedJob("http_hidden", {}, "Error: hidden");
    const as = client(app, { cookie: user.cookie });
    expect((await as.get("/admin/jobs")).status).toBe(404);
    expect((await as.post("/admin/jobs/actions", { action: `cancel:${id}` })).status).toBe(404);
    expect((await as.post("/admin/jobs/task-actions", { action: "cancel", task: "http_hidden" })).status).toBe(404);
    expect(await exists(id)).toBe(true);
  });

  test("the failed job appears with its error escaped, its ids and not its other payload values; the crontab has next runs", async () => {
    const userId = crypto.randomUUID();
    const id = await failedJob("http_failing", { userId, subject: "Lohnabrechnung Dezember" }, "Error: <script>alert(1)</script> refused\nsecond line");
    const response = await client(app, { cookie: admin.cookie }).get("/admin/jobs");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`data-job-id="${id}"`);
    expect(html).toContain("Error: &lt;script&gt;alert(1)&lt;/script&gt; refused");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("second line");
    expect(html).toContain(userId);
    expect(html).not.toContain("Lohnabrechnung");
    expect(html).toMatch(/data-identifier="sync_all_accounts"[\s\S]*?data-next-run="\d{4}-/);
    expect(html).toContain('href="/admin/jobs"');
  });

  test("a cross-site action is refused with 403 and changes nothing", async () => {
    const id = await failedJob("http_csrf", {}, "Error: x");
    const response = await client(app, { cookie: admin.cookie }).post("/admin/jobs/actions", { action: `cancel:${id}` }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await exists(id)).toBe(true);
  });

  test("one job: retry resets its attempts, cancel deletes it", async () => {
    const id = await failedJob("http_one", {}, "Error: one");
    const as = client(app, { cookie: admin.cookie });
    const retried = await as.post("/admin/jobs/actions", { action: `retry:${id}` });
    expect(retried.status).toBe(303);
    expect(retried.headers.get("location")).toBe("/admin/jobs?done=1");
    expect(await attempts(id)).toBe(0);
    expect((await as.post("/admin/jobs/actions", { action: `cancel:${id}` })).status).toBe(303);
    expect(await exists(id)).toBe(false);
  });

  test("the checked jobs in bulk, and all failed of one task", async () => {
    const a = await failedJob("http_bulk", {}, "Error: a");
    const b = await failedJob("http_bulk", {}, "Error: b");
    const untouched = await failedJob("http_bulk", {}, "Error: c");
    const response = await app.request("/admin/jobs/actions", { method: "POST", headers: { ...FORM_HEADERS, Cookie: admin.cookie }, body: `id=${a}&id=${b}&action=retry` });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/jobs?done=2");
    expect([await attempts(a), await attempts(b), await attempts(untouched)]).toEqual([0, 0, 2]);

    const other = await failedJob("http_other", {}, "Error: other");
    const all = await client(app, { cookie: admin.cookie }).post("/admin/jobs/task-actions", { action: "cancel", task: "http_bulk" });
    expect(all.headers.get("location")).toBe("/admin/jobs?done=3");
    expect([await exists(a), await exists(b), await exists(untouched), await exists(other)]).toEqual([false, false, false, true]);
  });

  test("an unknown action is refused", async () => {
    const id = await failedJob("http_bad", {}, "Error: bad");
    expect((await client(app, { cookie: admin.cookie }).post("/admin/jobs/actions", { action: `drop:${id}` })).status).toBe(400);
    expect(await exists(id)).toBe(true);
  });
});

describe("/jobs", () => {
  test("a user sees their own jobs only", async () => {
    const other = await createTestUser(services);
    const runId = crypto.randomUUID();
    const [mine] = await sql<
      { id: string }[]
    >`select id::text as id from graphile_worker.add_job('run_rules'::text, ${sql.json({ runId, userId: user.user.id })}::json, run_at => now() + interval '1 hour')`;
    const [theirs] = await sql<
      { id: string }[]
    >`select id::text as id from graphile_worker.add_job('run_rules'::text, ${sql.json({ runId: crypto.randomUUID(), userId: other.user.id })}::json, run_at => now() + interval '1 hour')`;
    const html = await (await client(app, { cookie: user.cookie }).get("/jobs")).text();
    expect(html).toContain(`data-job-id="${mine!.id}"`);
    expect(html).toContain(`href="/rules/runs/${runId}"`);
    expect(html).not.toContain(`data-job-id="${theirs!.id}"`);
    expect(html).toContain(">Regellauf<");
  });
});
