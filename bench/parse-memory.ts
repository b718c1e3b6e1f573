/**
 * Memory of parsing one huge message, the full parse (every attachment held,
 * as before MAX_FULL_PARSE_BYTES) against the large-message path (headers,
 * text and attachment metadata; contents streamed past), each in a fresh
 * process with the worker's heap setting (BUN_JSC_forceRAMSize, as `npm run
 * worker` runs). Each process parses 300 ordinary messages (the baseline
 * RSS), then one 31.6 MB message (the peak: the kernel's high-water mark),
 * then 300 ordinary messages again and idles a second (what stays).
 *
 *   npm run bench:parse-memory
 *
 * A benchmark: it prints figures and asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MAX_FULL_PARSE_BYTES, MAX_MESSAGE_BYTES } from "../src/limits.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import { largeMessage, plainMessage } from "../test/mail/parse/messages.ts";
import { describeMachine } from "./machine.ts";

const HUGE_BYTES = 31.6e6;
const ORDINARY = 300;
const MODES = { "full parse (before)": MAX_MESSAGE_BYTES, "large-message path": MAX_FULL_PARSE_BYTES } as const;
type Mode = keyof typeof MODES;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0).padStart(4)} MiB`;
const signed = (bytes: number) => `${bytes < 0 ? "−" : "+"}${mib(Math.abs(bytes)).trim()}`;
const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;

async function child(mode: Mode, file: string): Promise<void> {
  const encoder = new TextEncoder();
  const ordinary = Array.from({ length: ORDINARY }, (_, index) => encoder.encode(plainMessage(index)));
  await Promise.all(ordinary.map((raw) => parseMessage(raw)));
  Bun.gc(true);
  const before = process.memoryUsage().rss;
  // Read as sync holds a fetched message: one buffer (generating it here would count in the peak).
  let huge: Uint8Array | undefined = readFileSync(file);
  const size = huge.byteLength;
  const parsed = await parseMessage(huge, { maxFullParseBytes: MODES[mode] });
  const kept = parsed.attachments.reduce((sum, attachment) => sum + (attachment.content?.byteLength ?? 0), 0);
  huge = undefined;
  const peak = status("VmHWM");
  await Promise.all(ordinary.map((raw) => parseMessage(raw)));
  Bun.gc(true);
  await Bun.sleep(1000);
  const after = process.memoryUsage().rss;
  await closeParsePool();
  console.log(JSON.stringify({ size, before, peak, after, kept, problems: parsed.problems }));
}

async function main(): Promise<void> {
  console.log(`${describeMachine()}, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  const file = join(mkdtempSync(join(tmpdir(), "mh-parse-memory-")), "huge.eml");
  writeFileSync(file, largeMessage(HUGE_BYTES * 0.974));
  for (const mode of Object.keys(MODES) as Mode[]) {
    const run = Bun.spawnSync([process.execPath, import.meta.path, "child", mode, file], { env: { ...process.env, BUN_JSC_forceRAMSize: "268435456" } });
    if (run.exitCode !== 0) throw new Error(`${mode}: ${run.stderr.toString()}`);
    const figures = JSON.parse(run.stdout.toString().trim().split("\n").at(-1)!);
    console.log(
      `  ${mode.padEnd(20)} ${(figures.size / 1e6).toFixed(1)} MB message: RSS before ${mib(figures.before)}, peak ${mib(figures.peak)} (${signed(figures.peak - figures.before)}),` +
        ` after ${mib(figures.after)} (${signed(figures.after - figures.before)}); attachment bytes kept ${mib(figures.kept).trim()}; problems ${JSON.stringify(figures.problems)}`,
    );
  }
  rmSync(dirname(file), { recursive: true, force: true });
}

if (process.argv[2] === "child") await child(process.argv[3] as Mode, process.argv[4]!);
else await main();
