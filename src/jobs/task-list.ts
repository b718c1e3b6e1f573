/**
 * Loads the task files of `tasks/`: one task per file, the file name
 * (without extension) is the identifier graphile-worker runs it under.
 */
import type { Services } from "../services.ts";
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { TaskList } from "graphile-worker";
import { bindTask, type TaskDefinition } from "./define-task.ts";

export const TASKS_DIR = join(import.meta.dir, "..", "..", "tasks");
export const CRONTAB_FILE = join(import.meta.dir, "..", "..", "crontab");

export async function loadTaskList(services: Services, dir = TASKS_DIR): Promise<TaskList> {
  const files = readdirSync(dir).filter((file) => /^[a-z0-9_]+\.ts$/.test(file));
  const entries = await Promise.all(
    files.map(async (file) => {
      const name = basename(file, ".ts");
      const definition = (await import(join(dir, file))).default as TaskDefinition | undefined;
      if (!definition?.schema || typeof definition.run !== "function") throw new Error(`tasks/${file} must default-export defineTask(...)`);
      return [name, bindTask(name, definition, services)] as const;
    }),
  );
  return Object.fromEntries(entries);
}
