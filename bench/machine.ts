/** One line describing the machine a benchmark ran on, printed with its figures. */
import { readdirSync, readFileSync } from "node:fs";
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
  return ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8"));
}

/** CPU time of a whole process, all its threads (the garbage collector's and the compressor's too), in ms, from /proc. */
export function processCpuMillis(pid: number): number {
  return ticksOf(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

/** CPU time of all PostgreSQL processes on the machine, in ms: the server's queries answered (this machine runs no other PostgreSQL during a bench). */
export function postgresCpuMillis(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes(" (postgres) ")) total += ticksOf(stat);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

function ticksOf(stat: string): number {
  const fields = stat.split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
