/**
 * Parse throughput: in-thread (no worker, no timeout) against the worker
 * pool (1 and 2 workers), on plain and HTML-heavy generated messages, in the
 * same run. Each figure is the best of three rounds after a warm-up of
 * 4,000 messages; "cores"
 * is the CPU the process used (JSC's GC and JIT threads included), "main
 * µs/msg" the calling thread's own CPU per message: what parsing leaves for
 * IMAP, encryption and database work on that thread.
 *
 *   npm run bench:parse -- [count]
 *
 * A benchmark: it prints figures and asserts nothing.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { PARSE_TIMEOUT_MS } from "../src/limits.ts";
import { parseMessageInThread } from "../src/mail/parse/parse-in-thread.ts";
import { ParsePool } from "../src/mail/parse/parse-pool.ts";
import { htmlHeavyMessage, plainMessage } from "../test/mail/parse/messages.ts";
import { mainThreadCpuMillis } from "./machine.ts";

const count = Number(process.argv[2] ?? 1000);
const encoder = new TextEncoder();
const sets = {
  plain: Array.from({ length: count }, (_, index) => encoder.encode(plainMessage(index))),
  "html-heavy": Array.from({ length: Math.ceil(count / 4) }, (_, index) => encoder.encode(htmlHeavyMessage(index))),
};

interface Figures {
  perSecond: number;
  cores: number;
  mainMicros: number;
}

async function measure(messages: Uint8Array[], run: (messages: Uint8Array[]) => Promise<unknown>): Promise<Figures> {
  // Warm-up: JSC needs a few thousand messages before its JIT has settled,
  // in each worker as on the main thread (a cold worker runs at ~60%).
  for (let warm = 0; warm < 4000; warm += messages.length) await run(messages);
  let best: Figures | undefined;
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage();
    const mainCpu = mainThreadCpuMillis();
    const started = performance.now();
    await run(messages);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const figures = {
      perSecond: messages.length / seconds,
      cores: (used.user + used.system) / 1e6 / seconds,
      mainMicros: ((mainThreadCpuMillis() - mainCpu) * 1000) / messages.length,
    };
    if (!best || figures.perSecond > best.perSecond) best = figures;
  }
  return best!;
}

const inThread = async (messages: Uint8Array[]) => {
  for (const raw of messages) await parseMessageInThread(raw);
};

function viaPool(pool: ParsePool, inFlight: number) {
  return async (messages: Uint8Array[]) => {
    let next = 0;
    const lane = async () => {
      while (next < messages.length) await pool.parse(messages[next++]!, PARSE_TIMEOUT_MS);
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  };
}

console.log(`${cpus()[0]?.model ?? "cpu"} × ${navigator.hardwareConcurrency}, Bun ${Bun.version}, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
for (const [name, messages] of Object.entries(sets)) {
  const bytes = messages.reduce((sum, raw) => sum + raw.byteLength, 0) / messages.length;
  console.log(`\n${name}: ${messages.length} messages, ${(bytes / 1024).toFixed(1)} KiB average`);
  const baseline = await measure(messages, inThread);
  const print = (label: string, figures: Figures) =>
    console.log(
      `  ${label.padEnd(26)} ${figures.perSecond.toFixed(0).padStart(6)} msg/s  ${(figures.perSecond / baseline.perSecond).toFixed(2)}×` +
        `  cores ${figures.cores.toFixed(2)}  main ${figures.mainMicros.toFixed(0).padStart(4)} µs/msg`,
    );
  print("in thread (baseline)", baseline);
  for (const [size, inFlight] of [
    [1, 1],
    [1, 16],
    [2, 1],
    [2, 16],
  ] as const) {
    const pool = new ParsePool(size);
    print(`pool of ${size}, ${inFlight} in flight`, await measure(messages, viaPool(pool, inFlight)));
    await pool.close();
  }
}
