import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { UserJobsPage } from "../../../../views/jobs/page.tsx";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { userJobs } from "../../../ops/jobs-dashboard.ts";
import { pageContext } from "../../page.ts";

/** Every signed-in user's own jobs (syncs, rule runs, analyses, sends), scoped to them in src/ops/jobs-dashboard.ts userJobs. */
export function registerUserJobs(app: Hono<AppEnv>, { sql }: Services) {
  app.get("/jobs", async (c) => c.html(<UserJobsPage page={pageContext(c)} jobs={await userJobs(sql, actingUser(c).id)} />));
}
