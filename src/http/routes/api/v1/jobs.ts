/** The user's own background jobs over JSON, as /jobs shows them: syncs, rule runs, analyses, sends, with progress. Scoped to the acting user in src/ops/jobs-dashboard.ts userJobs. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { userJobs, type UserJob } from "../../../../ops/jobs-dashboard.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { UserJobListSchema } from "./jobs-schemas.ts";

const list = createRoute({
  method: "get",
  path: "/api/v1/jobs",
  operationId: "listUserJobs",
  security: API_SECURITY,
  tags: ["Jobs"],
  summary: "Your background jobs: syncs, rule runs, analyses, sends, with progress",
  description: "At most 200, the ones in the queue now; errors are not shown here (they are the administrator's to read).",
  responses: {
    200: { description: "Your jobs", content: { "application/json": { schema: UserJobListSchema } } },
    401: errorSpec("Not signed in"),
  },
});

export const userJobJson = (job: UserJob) => ({
  ...job,
  runAt: job.runAt.toISOString(),
  createdAt: job.createdAt.toISOString(),
  link: job.link ?? null,
  progress: job.progress ?? null,
});

export function registerUserJobsApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(list, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ jobs: (await userJobs(sql, actingUser(c).id)).map(userJobJson), next: null, previous: null }, 200);
  });
}
