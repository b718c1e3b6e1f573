/**
 * Typed task definitions. Each file in `tasks/` default-exports
 * `defineTask(schema, run)`; the file name is the task identifier. The
 * payload is declared once (valibot schema + `GraphileWorker.Tasks`
 * declaration merging for `addJob`) and validated when the task starts, so
 * a malformed job fails permanently with a clear error instead of half-running.
 */
import type { Services } from "../services.ts";
import type { JobHelpers } from "graphile-worker";
import * as v from "valibot";
import type { Config } from "../config.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";

/** What a task gets besides its payload. */
export interface JobContext {
  jobId: string;
  attempt: number;
  /** Logger with `jobId` and `task` bound. */
  log: Logger;
  /** Aborted when the worker shuts down; pass it to long I/O. */
  signal: AbortSignal | undefined;
  sql: Sql;
  config: Config;
  /** Opens users' data keys for background work (src/auth/data-key-access.ts). */
  keyring: MasterKeyring;
}

export interface TaskDefinition<Schema extends v.GenericSchema = v.GenericSchema> {
  schema: Schema;
  run(payload: v.InferOutput<Schema>, job: JobContext): Promise<void>;
}

export class InvalidPayloadError extends Error {
  override name = "InvalidPayloadError";
}

/**
 * @example
 *   // tasks/send_digest.ts
 *   const Payload = v.object({ userId: v.string() });
 *   declare global { namespace GraphileWorker { interface Tasks { send_digest: v.InferInput<typeof Payload> } } }
 *   export default defineTask(Payload, async ({ userId }, job) => { ... });
 */
export function defineTask<Schema extends v.GenericSchema>(schema: Schema, run: (payload: v.InferOutput<Schema>, job: JobContext) => Promise<void>): TaskDefinition<Schema> {
  return { schema, run };
}

/** Binds a definition to the worker's services, producing a graphile-worker task. */
export function bindTask(name: string, definition: TaskDefinition, services: Services) {
  return async (rawPayload: unknown, helpers: JobHelpers) => {
    const log = services.log.child({ task: name, jobId: helpers.job.id });
    const parsed = v.safeParse(definition.schema, rawPayload);
    if (!parsed.success) {
      // Field paths only: the values may be private.
      const fields = parsed.issues.map((issue) => v.getDotPath(issue) ?? "(payload)").join(", ");
      throw new InvalidPayloadError(`invalid payload for ${name}: ${fields}`);
    }
    await definition.run(parsed.output, {
      jobId: helpers.job.id,
      attempt: helpers.job.attempts,
      log,
      signal: helpers.abortSignal,
      sql: services.sql,
      config: services.config,
      keyring: services.keyring,
    });
  };
}
