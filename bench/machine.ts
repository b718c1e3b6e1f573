/** One line describing the machine a benchmark ran on, printed with its figures. */
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch}, Bun ${Bun.version}`;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * CPU time of one process's main thread (its JavaScript thread), in ms, from
 * Linux's /proc: utime + stime, counted in ticks of 1/100 s. Another
 * process's (the server's) can be read as well as this one's.
 */
export function mainThreadCpuMillis(pid = process.pid): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
