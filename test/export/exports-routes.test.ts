/**
 * The export page and JSON API in-process: a short passphrase is refused,
 * an export is queued with a payload that is the export id only, a second
 * one waits for the first, the owner follows it and downloads the archive,
 * another user gets 404 for every route with its id, the passphrase never
 * reaches a log, and the list pages with keyset cursors.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { markExportRunning, pageExports, recordExportProgress, requestExport } from "../../src/export/store.ts";
import { userJobs } from "../../src/ops/jobs-dashboard.ts";
import type { JobContext } from "../../src/jobs/define-task.ts";
import buildExportTask from "../../tasks/build_export.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const PASSPHRASE = "Leuchtturm Fahrrad Wolke 42";
const job: JobContext = { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring };

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  return {
    get: (path: string) => json(path),
    post: (path: string, body: unknown) => json(path, { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" }, body: JSON.stringify(body) }),
    delete: (path: string) => json(path, { method: "DELETE", headers: { Origin: "http://127.0.0.1:3000" } }),
  };
};

describe("the JSON API", () => {
  test("queues an export with the id only as payload, follows it to ready, downloads it; another user gets 404", async () => {
    const owner = await createTestUser(services);
    const stranger = await createTestUser(services);
    const logs = captureLogs();
    try {
      const short = await api(owner).post("/api/v1/exports", { passphrase: "kurz" });
      expect(short.status).toBe(400);

      const created = await api(owner).post("/api/v1/exports", { passphrase: PASSPHRASE });
      expect(created.status).toBe(202);
      const queued = (await created.json()) as { id: string; status: string };
      expect(queued.status).toBe("queued");
      const jobs = await db.sql<{ payload: Record<string, unknown> }[]>`
        select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'build_export'`;
      expect(jobs.map((row) => row.payload)).toEqual([{ exportId: queued.id }]);
      expect((await api(owner).post("/api/v1/exports", { passphrase: PASSPHRASE })).status).toBe(409);

      await buildExportTask.run({ exportId: queued.id }, job);
      const ready = (await (await api(owner).get(`/api/v1/exports/${queued.id}`)).json()) as { status: string; counts: { messages: number }; sizeBytes: number };
      expect(ready.status).toBe("ready");
      expect(ready.counts.messages).toBe(0);

      const download = await api(owner).get(`/api/v1/exports/${queued.id}/download`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toStartWith("attachment;");
      expect(download.headers.get("cache-control")).toBe("no-store");
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.subarray(0, 8).toString()).toBe("MHBACKUP");
      expect(bytes.length).toBe(ready.sizeBytes);
      expect(bytes.includes(Buffer.from(PASSPHRASE))).toBe(false);

      for (const path of [`/api/v1/exports/${queued.id}`, `/api/v1/exports/${queued.id}/download`]) expect((await api(stranger).get(path)).status).toBe(404);
      expect((await api(stranger).delete(`/api/v1/exports/${queued.id}`)).status).toBe(404);
      expect((await client(app, { cookie: stranger.cookie }).get(`/account/export/${queued.id}/download`)).status).toBe(404);
      expect((await client(app, { cookie: stranger.cookie }).post(`/account/export/${queued.id}/delete`)).status).toBe(404);
      const list = (await (await api(stranger).get("/api/v1/exports")).json()) as { exports: unknown[] };
      expect(list.exports).toEqual([]);

      expect((await api(owner).delete(`/api/v1/exports/${queued.id}`)).status).toBe(204);
      expect((await api(owner).get(`/api/v1/exports/${queued.id}/download`)).status).toBe(404);
      expect(logs.text()).not.toContain(PASSPHRASE);
    } finally {
      logs.stop();
    }
  }, 60_000);

  test("lists with keyset cursors, newest first, both ways", async () => {
    const owner = await createTestUser(services);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const [row] = await db.sql<{ id: string }[]>`
        insert into user_exports (user_id, status, created_at) values (${owner.user.id}, 'expired', now() - make_interval(mins => ${n})) returning id`;
      ids.push(row!.id);
    }
    const first = await pageExports(db.sql, owner.user.id, undefined, 2);
    expect(first.rows.map((row) => row.id)).toEqual(ids.slice(0, 2));
    expect(first.previous).toBeNull();
    const second = await pageExports(db.sql, owner.user.id, { after: first.next! }, 2);
    expect(second.rows.map((row) => row.id)).toEqual(ids.slice(2, 4));
    const back = await pageExports(db.sql, owner.user.id, { before: second.previous! }, 2);
    expect(back.rows.map((row) => row.id)).toEqual(ids.slice(0, 2));
    const last = await pageExports(db.sql, owner.user.id, { after: second.next! }, 2);
    expect(last.rows.map((row) => row.id)).toEqual(ids.slice(4));
    expect(last.next).toBeNull();
    expect((await api(owner).get("/api/v1/exports?after=bm90LWEtY3Vyc29y")).status).toBe(400);
  });
});

describe("the user's jobs page", () => {
  test("lists the build with the export's progress and a link to the export page; not for another user", async () => {
    const owner = await createTestUser(services);
    const stranger = await createTestUser(services);
    const requested = await requestExport(db.sql, owner.dataKey, owner.user.id, PASSPHRASE, { N: 2 ** 14, r: 8, p: 1 });
    if (!requested.ok) throw new Error(requested.reason);
    await markExportRunning(db.sql, requested.export.id, 40);
    await recordExportProgress(db.sql, requested.export.id, 15);
    const jobs = (await userJobs(db.sql, owner.user.id)).filter((entry) => entry.task === "build_export");
    expect(jobs.map((entry) => ({ link: entry.link, progress: entry.progress }))).toEqual([{ link: "/account/export", progress: { done: 15, total: 40 } }]);
    expect((await userJobs(db.sql, stranger.user.id)).filter((entry) => entry.task === "build_export")).toEqual([]);
  });
});

describe("the page", () => {
  test("shows the form in both languages; differing or short passphrases are refused; a started export is listed", async () => {
    const owner = await createTestUser(services);
    const browser = client(app, { cookie: owner.cookie });
    const page = await browser.get("/account/export");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="passphrase"');
    expect(html).toContain('href="/account/export"');
    await db.sql`update users set language = 'de' where id = ${owner.user.id}`;
    expect(await (await browser.get("/account/export")).text()).toContain("Passphrase wiederholen");
    await db.sql`update users set language = 'en' where id = ${owner.user.id}`;

    expect((await browser.post("/account/export", { passphrase: PASSPHRASE, passphraseRepeat: `${PASSPHRASE}!` })).status).toBe(400);
    const short = await browser.post("/account/export", { passphrase: "kurz", passphraseRepeat: "kurz" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 12 characters");
    const started = await browser.post("/account/export", { passphrase: PASSPHRASE, passphraseRepeat: PASSPHRASE });
    expect(started.status).toBe(200);
    const text = await started.text();
    expect(text).toContain("The export has started");
    expect(text).toContain("Waiting to start");
  }, 30_000);
});
