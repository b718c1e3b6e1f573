/** Routes graphile-worker's log lines into our JSON log, with the job id bound. */
import { Logger as GraphileLogger } from "graphile-worker";
import type { Logger } from "../log.ts";

export function toGraphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => {
    const scoped = log.child({ workerId: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId });
    return (level, message) => {
      // graphile-worker reports every completed job at "info"; at thousands of
      // jobs a second that belongs in debug. Warnings and errors stay.
      if (level === "error") scoped.error(message);
      else if (level === "warning") scoped.warn(message);
      else scoped.debug(message);
    };
  });
}
