/** The jobs dashboard for administrators, as /admin/jobs shows it: counts per task, failed jobs, the crontab, the workers; retry, reschedule or cancel one failed job or many. Anyone else gets 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cancelJobs, crontabEntries, failedJobIdsOfTask, failedJobs, rescheduleJobs, retryJobs, taskCounts, workerRows } from "../../../../ops/jobs-dashboard.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { guardAdminPaths } from "./admin-guard.ts";
import { ADMIN_TAGS } from "./admin-schemas.ts";
import { AdminJobsSchema, BulkJobActionSchema, JobActionResultSchema } from "./jobs-schemas.ts";

const ACTIONS = { retry: retryJobs, reschedule: rescheduleJobs, cancel: cancelJobs } as const;
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const iso = (date: Date | undefined) => date?.toISOString() ?? null;

const read = createRoute({
  method: "get",
  path: "/api/v1/admin/jobs",
  operationId: "getAdminJobs",
  security: API_SECURITY,
  tags: ADMIN_TAGS,
  summary: "The jobs dashboard: counts per task, failed jobs (at most 200), the crontab, the worker processes",
  responses: { 200: { description: "The dashboard", ...json(AdminJobsSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("You are not an administrator") },
});

const SAID = { retry: "Retries one failed job now, its attempts reset", reschedule: "Reschedules one failed job an hour on, its attempts reset", cancel: "Cancels one job: it never runs" } as const;

const oneRoute = (action: keyof typeof ACTIONS) =>
  createRoute({
    method: "post",
    path: `/api/v1/admin/jobs/{jobId}/${action}`,
    operationId: `${action}AdminJob`,
    security: API_SECURITY,
    tags: ADMIN_TAGS,
    summary: SAID[action],
    request: { params: z.object({ jobId: z.string().openapi({ param: { name: "jobId", in: "path" }, example: "42" }) }) },
    responses: {
      200: { description: "One job changed", ...json(JobActionResultSchema) },
      401: errorSpec("Not signed in"),
      404: errorSpec("No such job (or it is running now), or you are not an administrator"),
    },
  });

const bulk = createRoute({
  method: "post",
  path: "/api/v1/admin/jobs/bulk",
  operationId: "changeAdminJobs",
  security: API_SECURITY,
  tags: ADMIN_TAGS,
  summary: "Retries, reschedules or cancels the given failed jobs, or every failed job of one task",
  request: { body: { ...json(BulkJobActionSchema), required: true } },
  responses: {
    200: { description: "How many jobs changed", ...json(JobActionResultSchema) },
    400: errorSpec("An unknown action, malformed ids, or neither jobIds nor task"),
    401: errorSpec("Not signed in"),
    404: errorSpec("You are not an administrator"),
  },
});

async function change(c: Context<AppEnv>, sql: Services["sql"], action: keyof typeof ACTIONS, ids: string[]) {
  const changed = ids.length ? await ACTIONS[action](sql, ids) : 0;
  c.get("log").info("jobs changed by an administrator", { action, actorId: actingUser(c).id, jobIds: ids.slice(0, 100), changed });
  return changed;
}

export function registerAdminJobsApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  guardAdminPaths(app, "/api/v1/admin/jobs");

  app.openapi(read, async (c) => {
    const [tasks, failed, crontab, workers] = await Promise.all([taskCounts(sql), failedJobs(sql), crontabEntries(sql), workerRows(sql)]);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        tasks,
        failed: failed.map((job) => ({ ...job, nextRun: iso(job.nextRun), createdAt: job.createdAt.toISOString() })),
        crontab: crontab.map((entry) => ({ ...entry, lastExecution: iso(entry.lastExecution), nextRun: iso(entry.nextRun) })),
        workers: workers.map((worker) => ({ ...worker, startedAt: worker.startedAt.toISOString() })),
      },
      200,
    );
  });

  app.openapi(bulk, async (c) => {
    const body = c.req.valid("json");
    if (!body.jobIds && body.task === undefined) throw new AppError("BAD_REQUEST", "jobIds or task");
    const ids = body.jobIds ?? (await failedJobIdsOfTask(sql, body.task ?? ""));
    return c.json({ changed: await change(c, sql, body.action, ids) }, 200);
  });

  for (const action of ["retry", "reschedule", "cancel"] as const) {
    app.openapi(oneRoute(action), async (c) => {
      const { jobId } = c.req.valid("param");
      if (!/^\d{1,18}$/.test(jobId)) throw new AppError("NOT_FOUND", "no such job");
      const changed = await change(c, sql, action, [jobId]);
      if (!changed) throw new AppError("NOT_FOUND", "no such job");
      return c.json({ changed }, 200);
    });
  }
}
