import type { UserJob } from "../../src/ops/jobs-dashboard.ts";
import { translator } from "../../src/i18n/messages.ts";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

const KINDS = ["sync_account", "run_rules", "send_message", "import_mail"] as const;
const kindKey = (task: string) => `jobsDashboard.kind.${(KINDS as readonly string[]).includes(task) ? (task as (typeof KINDS)[number]) : "other"}` as const;

/** A user's own queued and running jobs, linked to the pages that show their progress. */
export function UserJobsPage({ page, jobs }: { page: PageContext; jobs: UserJob[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("jobsDashboard.userTitle")}>
      <h1>{tr("jobsDashboard.userTitle")}</h1>
      <p class="hint">{tr("jobsDashboard.userIntro")}</p>
      <DataTable
        class="user-jobs"
        empty={tr("jobsDashboard.userEmpty")}
        columns={[tr("jobsDashboard.task"), tr("jobsDashboard.state"), tr("jobsDashboard.progress"), tr("jobsDashboard.attempts"), tr("jobsDashboard.nextRun"), tr("jobsDashboard.created"), ""]}
        rows={jobs}
        row={(job) => (
          <tr data-job-id={job.id} data-task={job.task} data-state={job.state}>
            <td>{tr(kindKey(job.task))}</td>
            <td>{tr(`jobsDashboard.state.${job.state}`)}</td>
            <td class="progress">
              {job.progress && (
                <>
                  <progress max={job.progress.total} value={job.progress.done} /> {tr("jobsDashboard.progressOf", { done: String(job.progress.done), total: String(job.progress.total) })}
                </>
              )}
            </td>
            <td>
              {job.attempts}/{job.maxAttempts}
            </td>
            <td>{formatDateTime(job.runAt, page.lang, page.timeZone)}</td>
            <td>{formatDateTime(job.createdAt, page.lang, page.timeZone)}</td>
            <td>{job.link && <a href={job.link}>{tr("jobsDashboard.open")}</a>}</td>
          </tr>
        )}
      />
    </Layout>
  );
}
