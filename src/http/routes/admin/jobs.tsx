import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { AdminJobsPage, JOBS_ACTION_PATH, JOBS_TASK_ACTION_PATH } from "../../../../views/admin/jobs.tsx";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { cancelJobs, crontabEntries, failedJobIdsOfTask, failedJobs, rescheduleJobs, retryJobs, taskCounts, workerRows } from "../../../ops/jobs-dashboard.ts";
import { pageContext } from "../../page.ts";

const ACTIONS = { retry: retryJobs, reschedule: rescheduleJobs, cancel: cancelJobs } as const;
type Action = keyof typeof ACTIONS;
const isAction = (value: string | undefined): value is Action => value === "retry" || value === "reschedule" || value === "cancel";

/**
 * The jobs dashboard (the guard already answered 404 to anyone who is not an
 * administrator): counts, failed jobs with retry / reschedule / cancel, one
 * or in bulk, the crontab and the worker processes.
 */
export function registerAdminJobs(app: Hono<AppEnv>, { sql }: Services) {
  app.get("/admin/jobs", async (c) => {
    const done = c.req.query("done");
    const [tasks, failed, crontab, workers] = await Promise.all([taskCounts(sql), failedJobs(sql), crontabEntries(sql), workerRows(sql)]);
    return c.html(<AdminJobsPage page={pageContext(c)} tasks={tasks} failed={failed} crontab={crontab} workers={workers} done={done && /^\d+$/.test(done) ? Number(done) : undefined} />);
  });

  const apply = async (c: Context<AppEnv>, action: Action, ids: string[]) => {
    const changed = ids.length ? await ACTIONS[action](sql, ids) : 0;
    c.get("log").info("jobs changed by an administrator", { action, actorId: actingUser(c).id, jobIds: ids.slice(0, 100), changed });
    return c.redirect(`/admin/jobs?done=${changed}`, 303);
  };

  // One job ("retry:42") or the checked ones ("retry" with id=42&id=43).
  app.post(JOBS_ACTION_PATH, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const [action, one] = String(body.action ?? "").split(":", 2);
    if (!isAction(action)) throw new AppError("BAD_REQUEST", "action: retry, reschedule or cancel");
    const checked = ([] as unknown[]).concat(body.id ?? []).filter((id): id is string => typeof id === "string");
    const ids = (one !== undefined ? [one] : checked).filter((id) => /^\d{1,18}$/.test(id));
    return apply(c, action, ids);
  });

  app.post(JOBS_TASK_ACTION_PATH, async (c) => {
    const form = await readForm(c);
    if (!isAction(form.action)) throw new AppError("BAD_REQUEST", "action: retry, reschedule or cancel");
    return apply(c, form.action, await failedJobIdsOfTask(sql, form.task ?? ""));
  });
}
