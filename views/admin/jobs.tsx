import type { CrontabEntry, FailedJob, TaskCounts, WorkerRow } from "../../src/ops/jobs-dashboard.ts";
import { en } from "../../src/i18n/en.ts";
import { type Lang, type MessageKey, t, translator } from "../../src/i18n/messages.ts";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";

export const JOBS_ACTION_PATH = "/admin/jobs/actions";
export const JOBS_TASK_ACTION_PATH = "/admin/jobs/task-actions";

/**
 * A task in words, its identifier (what logs and /metrics say) in
 * data-task. A task without a name in the catalogue shows its identifier.
 */
export function TaskName({ lang, task }: { lang: Lang; task: string }) {
  const key = `jobsDashboard.taskName.${task}`;
  return key in en ? <span data-task={task}>{t(lang, key as MessageKey)}</span> : <code>{task}</code>;
}

/** A cell's column name, shown only where list tables turn into cards (phones). */
function CellLabel({ text }: { text: string }) {
  return (
    <span class="cell-label" aria-hidden="true">
      {text}:{" "}
    </span>
  );
}

export interface AdminJobsPageProps {
  page: PageContext;
  tasks: TaskCounts[];
  failed: FailedJob[];
  crontab: CrontabEntry[];
  workers: WorkerRow[];
  /** How many jobs the last action changed. */
  done?: number;
}

/** The jobs dashboard: counts per task, failed jobs with their actions, the crontab and the worker processes. */
export function AdminJobsPage({ page, tasks, failed, crontab, workers, done }: AdminJobsPageProps) {
  const tr = translator(page.lang);
  const when = (date: Date | undefined, none = "—") => (date ? formatDateTime(date, page.lang, page.timeZone) : none);
  return (
    <Layout page={page} title={tr("jobsDashboard.title")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      {done !== undefined && (
        <p class="notice" role="status">
          {tr("jobsDashboard.done", { count: String(done) })}
        </p>
      )}
      <section class="card" id="job-tasks">
        <h2>{tr("jobsDashboard.tasks")}</h2>
        <DataTable
          class="job-tasks"
          columns={[
            tr("jobsDashboard.task"),
            tr("jobsDashboard.waiting"),
            tr("jobsDashboard.running"),
            tr("jobsDashboard.failed"),
            tr("jobsDashboard.scheduled"),
            tr("jobsDashboard.succeeded"),
            tr("jobsDashboard.throughput"),
            tr("jobsDashboard.actions"),
          ]}
          rows={tasks}
          row={(task) => (
            <tr data-task={task.task}>
              <td>
                <TaskName lang={page.lang} task={task.task} />
              </td>
              <td data-count="waiting">
                <CellLabel text={tr("jobsDashboard.waiting")} />
                <span class="count">{task.waiting}</span>
              </td>
              <td data-count="running">
                <CellLabel text={tr("jobsDashboard.running")} />
                <span class="count">{task.running}</span>
              </td>
              <td data-count="failed">
                <CellLabel text={tr("jobsDashboard.failed")} />
                <span class="count">{task.failed}</span>
              </td>
              <td data-count="scheduled">
                <CellLabel text={tr("jobsDashboard.scheduled")} />
                <span class="count">{task.scheduled}</span>
              </td>
              <td>
                <CellLabel text={tr("jobsDashboard.succeeded")} />—
              </td>
              <td>
                <CellLabel text={tr("jobsDashboard.throughput")} />—
              </td>
              <td>
                {task.failed > 0 && (
                  <form method="post" action={JOBS_TASK_ACTION_PATH} class="inline">
                    <input type="hidden" name="task" value={task.task} />
                    <button type="submit" name="action" value="retry">
                      {tr("jobsDashboard.retryAllOfTask")}
                    </button>{" "}
                    <button type="submit" name="action" value="cancel">
                      {tr("jobsDashboard.cancelAllOfTask")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          )}
        />
        <p class="hint">{tr("jobsDashboard.notStored")}</p>
      </section>

      <section class="card" id="failed-jobs">
        <h2>{tr("jobsDashboard.failedJobs")}</h2>
        {failed.length === 0 ? (
          <p class="empty">{tr("jobsDashboard.noFailed")}</p>
        ) : (
          <form method="post" action={JOBS_ACTION_PATH}>
            <DataTable
              class="failed-jobs"
              columns={[
                tr("jobsDashboard.select"),
                tr("jobsDashboard.task"),
                tr("jobsDashboard.error"),
                tr("jobsDashboard.attempts"),
                tr("jobsDashboard.nextRun"),
                tr("jobsDashboard.created"),
                tr("jobsDashboard.ids"),
                tr("jobsDashboard.actions"),
              ]}
              rows={failed}
              row={(job) => (
                <tr data-job-id={job.id} data-task={job.task}>
                  <td>
                    <input type="checkbox" name="id" value={job.id} aria-label={`${tr("jobsDashboard.select")} #${job.id}`} />
                  </td>
                  <td>
                    <TaskName lang={page.lang} task={job.task} /> <small>#{job.id}</small>
                  </td>
                  <td class="job-error">{job.error}</td>
                  <td class="job-attempts">
                    <CellLabel text={tr("jobsDashboard.attempts")} />
                    <span class="attempts">
                      {job.attempts}/{job.maxAttempts}
                    </span>
                  </td>
                  <td>
                    <CellLabel text={tr("jobsDashboard.nextRun")} />
                    {when(job.nextRun)}
                  </td>
                  <td>
                    <CellLabel text={tr("jobsDashboard.created")} />
                    {when(job.createdAt)}
                  </td>
                  <td>
                    {job.ids.map(([key, value]) => (
                      <div>
                        <small>
                          {key}: <code>{value}</code>
                        </small>
                      </div>
                    ))}
                  </td>
                  <td>
                    <button type="submit" name="action" value={`retry:${job.id}`}>
                      {tr("jobsDashboard.retry")}
                    </button>{" "}
                    <button type="submit" name="action" value={`reschedule:${job.id}`}>
                      {tr("jobsDashboard.reschedule")}
                    </button>{" "}
                    <button type="submit" name="action" value={`cancel:${job.id}`}>
                      {tr("jobsDashboard.cancel")}
                    </button>
                  </td>
                </tr>
              )}
            />
            <p>
              <button type="submit" name="action" value="retry">
                {tr("jobsDashboard.retrySelected")}
              </button>{" "}
              <button type="submit" name="action" value="reschedule">
                {tr("jobsDashboard.rescheduleSelected")}
              </button>{" "}
              <button type="submit" name="action" value="cancel">
                {tr("jobsDashboard.cancelSelected")}
              </button>
            </p>
          </form>
        )}
      </section>

      <section class="card" id="crontab">
        <h2>{tr("jobsDashboard.crontab")}</h2>
        <DataTable
          class="crontab"
          columns={[tr("jobsDashboard.task"), tr("jobsDashboard.schedule"), tr("jobsDashboard.lastRun"), tr("jobsDashboard.nextRun")]}
          rows={crontab}
          row={(entry) => (
            <tr data-identifier={entry.identifier}>
              <td>
                <TaskName lang={page.lang} task={entry.task} />
              </td>
              <td>
                <code>{entry.schedule}</code>
              </td>
              <td>
                <CellLabel text={tr("jobsDashboard.lastRun")} />
                {when(entry.lastExecution, tr("jobsDashboard.never"))}
              </td>
              <td data-next-run={entry.nextRun?.toISOString()}>
                <CellLabel text={tr("jobsDashboard.nextRun")} />
                <span class="next-run">{when(entry.nextRun)}</span>
              </td>
            </tr>
          )}
        />
      </section>

      <section class="card" id="workers">
        <h2>{tr("jobsDashboard.workers")}</h2>
        <DataTable
          class="workers"
          empty={tr("jobsDashboard.noWorkers")}
          columns={[tr("jobsDashboard.host"), tr("jobsDashboard.pid"), tr("jobsDashboard.lastBeat"), tr("jobsDashboard.state"), tr("jobsDashboard.lockedJobs")]}
          rows={workers}
          row={(worker) => (
            <tr data-worker-id={worker.workerId}>
              <td>{worker.hostname}</td>
              <td>
                <CellLabel text={tr("jobsDashboard.pid")} />
                {worker.pid}
              </td>
              <td>
                <CellLabel text={tr("jobsDashboard.lastBeat")} />
                {tr("jobsDashboard.secondsAgo", { seconds: String(Math.round(worker.beatAgeS)) })}
              </td>
              <td>{!worker.alive ? tr("jobsDashboard.stale") : worker.runnerDown ? tr("jobsDashboard.runnerDown") : tr("jobsDashboard.alive")}</td>
              <td>
                <CellLabel text={tr("jobsDashboard.lockedJobs")} />
                {worker.locked.length
                  ? worker.locked.map((job) => (
                      <div>
                        <TaskName lang={page.lang} task={job.task} /> <small>#{job.id}</small>
                      </div>
                    ))
                  : tr("jobsDashboard.none")}
              </td>
            </tr>
          )}
        />
      </section>
    </Layout>
  );
}
