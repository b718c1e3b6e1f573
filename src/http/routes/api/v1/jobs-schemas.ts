/** JSON shapes of the jobs API: the user's own jobs and the administrators' dashboard. */
import { z } from "@hono/zod-openapi";

export const UserJobSchema = z
  .object({
    id: z.string(),
    task: z.string(),
    state: z.enum(["running", "failed", "retrying", "scheduled", "waiting"]),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.string().datetime(),
    createdAt: z.string().datetime(),
    link: z.string().nullable().openapi({ description: "A page of this project about what the job does" }),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  })
  .openapi("UserJob");

export const UserJobListSchema = z
  .object({
    jobs: z.array(UserJobSchema),
    next: z.string().nullable().openapi({ description: "Always null: the list is whole (at most 200)" }),
    previous: z.string().nullable().openapi({ description: "Always null: the list is whole" }),
  })
  .openapi("UserJobList");

const date = z.string().datetime().nullable();

export const AdminJobsSchema = z
  .object({
    tasks: z.array(z.object({ task: z.string(), waiting: z.number().int(), running: z.number().int(), failed: z.number().int(), scheduled: z.number().int() })),
    failed: z.array(
      z.object({
        id: z.string(),
        task: z.string(),
        error: z.string().openapi({ description: "The first line of the last error, cut short" }),
        attempts: z.number().int(),
        maxAttempts: z.number().int(),
        nextRun: date,
        createdAt: z.string().datetime(),
        ids: z.array(z.array(z.string())).openapi({ description: "The payload's ids only, as [name, value] pairs" }),
      }),
    ),
    crontab: z.array(z.object({ identifier: z.string(), task: z.string(), schedule: z.string(), lastExecution: date, nextRun: date })),
    workers: z.array(
      z.object({
        workerId: z.string(),
        hostname: z.string(),
        pid: z.number().int(),
        startedAt: z.string().datetime(),
        beatAgeS: z.number(),
        alive: z.boolean(),
        runnerDown: z.boolean(),
        locked: z.array(z.object({ id: z.string(), task: z.string() })),
      }),
    ),
  })
  .openapi("AdminJobs");

export const BulkJobActionSchema = z
  .object({
    action: z.enum(["retry", "reschedule", "cancel"]),
    jobIds: z
      .array(z.string().regex(/^\d{1,18}$/))
      .max(1000)
      .optional()
      .openapi({ description: "These failed jobs" }),
    task: z.string().max(200).optional().openapi({ description: "Or every failed job of this task" }),
  })
  .openapi("BulkJobAction");

export const JobActionResultSchema = z.object({ changed: z.number().int() }).openapi("JobActionResult");
