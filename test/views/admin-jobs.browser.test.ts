/**
 * The jobs dashboard in a real Chromium against the real server, database
 * and a real worker: a failing job appears with its error, "Retry now"
 * after its failure condition is gone makes it run and leave the failed
 * list, the crontab rows show a next run, the worker is listed; and the
 * page fits a phone's width.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { t } from "../../src/i18n/messages.ts";
import { startWorker } from "../../src/jobs/worker.ts";
import { crontabEntries } from "../../src/ops/jobs-dashboard.ts";
import { submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { waitFor } from "../support/wait.ts";

const { db, services, baseUrl, close } = await serveTestApp();
await db.sql`create table test_allowed (label text primary key)`;
await db.sql`create table test_ran (label text, job_id text)`;
const worker = await startWorker({ ...services, db }, { taskDirectory: join(import.meta.dir, "fixtures", "jobs-tasks"), crontab: "# no entries", preset: { pollInterval: 200 } });
afterAll(async () => {
  await worker.stop();
  await close();
});

const admin = await createTestUser(services, { role: "admin" });
const label = `job-${crypto.randomUUID().slice(0, 8)}`;

describe("the jobs dashboard (English)", () => {
  test("a failing job appears with its error; retry makes it succeed; the crontab shows next runs", async () => {
    const [row] = await db.sql<{ id: string }[]>`
      select id::text as id from graphile_worker.add_job('fail_until_allowed'::text, ${db.sql.json({ label })}::json, max_attempts => 1)`;
    const id = row!.id;
    await waitFor(async () => (await db.sql`select 1 from graphile_worker._private_jobs where id = ${id}::bigint and attempts = 1 and last_error is not null and locked_at is null`).length === 1, {
      timeoutMs: 20_000,
      what: "the job to fail",
    });

    await withPage(baseUrl, { lang: "en", cookie: admin.cookie }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/admin/jobs`);
      const jobRow = page.locator(`#failed-jobs tr[data-job-id="${id}"]`);
      expect(await jobRow.locator(".job-error").textContent()).toContain(`not allowed yet: <${label}>`);
      expect(await jobRow.locator("td.job-attempts .attempts").textContent()).toBe("1/1");
      expect(await page.locator('#job-tasks tr[data-task="fail_until_allowed"] td[data-count="failed"] .count').textContent()).toBe("1");
      // On a wide screen the column heads name the cells.
      expect(await page.locator("#crontab .cell-label").first().isVisible()).toBe(false);

      const nextRuns = await page.locator("#crontab td[data-next-run]").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-next-run")));
      expect(nextRuns.length).toBe((await crontabEntries(db.sql)).length);
      expect(nextRuns.length).toBeGreaterThanOrEqual(4);
      for (const next of nextRuns) expect(new Date(next!).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(await page.locator("#crontab td[data-next-run] .next-run").first().textContent()).not.toBe("—");
      expect(await page.locator("#workers tbody tr").count()).toBeGreaterThanOrEqual(1);
      await watched.screenshot("admin-jobs-en");

      await db.sql`insert into test_allowed (label) values (${label})`;
      await submit(page, jobRow.getByRole("button", { name: t("en", "jobsDashboard.retry") }));
      expect(await page.locator("p.notice").textContent()).toBe(t("en", "jobsDashboard.done", { count: "1" }));

      await waitFor(async () => (await db.sql`select 1 from test_ran where label = ${label} and job_id = ${id}`).length === 1, { timeoutMs: 20_000, what: "the retried job to run" });
      await page.goto(`${baseUrl}/admin/jobs`);
      expect(await page.locator(`tr[data-job-id="${id}"]`).count()).toBe(0);
      expect(await page.locator("#failed-jobs").textContent()).toContain(t("en", "jobsDashboard.noFailed"));
    });
  });

  test("the page fits a phone's width (German)", async () => {
    await withPage(baseUrl, { lang: "de", cookie: admin.cookie, viewport: { width: 375, height: 800 } }, async (watched) => {
      const { page } = watched;
      await page.goto(`${baseUrl}/admin/jobs`);
      expect(await page.locator("h2").allTextContents()).toContain(t("de", "jobsDashboard.crontab"));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // The list tables are cards here, without their column heads: each number says what it counts.
      const label = page.locator('#crontab tr[data-identifier="sync_all_accounts"] td[data-next-run] .cell-label');
      expect(await label.isVisible()).toBe(true);
      expect(await label.textContent()).toBe(`${t("de", "jobsDashboard.nextRun")}: `);
      await watched.screenshot("admin-jobs-phone-de");
    });
  });
});
