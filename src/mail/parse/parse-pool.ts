/**
 * A small pool of parse workers that can really stop a parse: a worker that
 * runs past a message's timeout is terminated (a Promise.race would leave
 * the CPU work running) and replaced; that message gets a header-only
 * result, the others it held go to another worker. A worker that parsed a
 * message over MAX_FULL_PARSE_BYTES is replaced once idle: its heap grew,
 * and JSC keeps what it got (bench/parse-memory.ts).
 *
 * Each worker holds up to PIPELINE_DEPTH messages and parses them in order,
 * so it never idles for the round trip to the main thread between two (that
 * gap cost a quarter of the throughput on plain mail). Only the first one
 * runs; its clock starts when it reaches the front. Workers start on first
 * use and are unref'd while idle, so an idle pool never keeps the process
 * alive.
 *
 * What the isolation costs (test/mail/parse/parse-bench.ts, 2 cores, warm
 * JIT): with many messages in flight, 2 workers parse plain mail at ~0.9×
 * the in-thread rate (~9,400 vs ~10,700 msg/s) and HTML-heavy mail at
 * ~1.0–1.3×, while the calling thread spends ~20 µs per plain message
 * instead of ~90. JSC's GC and JIT threads already use the second core
 * in-thread, which is why a second worker adds little on plain mail.
 * Awaiting one message at a time halves the rate (~0.55×): submit a
 * fetched batch at once.
 */
import { MAX_FULL_PARSE_BYTES } from "../../limits.ts";
import { parseHeadersOnly } from "./header-only.ts";
import type { WorkerReply, WorkerRequest } from "./parse-worker.ts";
import type { ParsedMessage, ParseProblem } from "./types.ts";

/** Messages handed to one worker at a time: the running one and the next. */
const PIPELINE_DEPTH = 2;

interface Job {
  /** The caller's bytes, never detached: the worker gets a copy; the header-only fallback reads these. */
  raw: Uint8Array;
  timeoutMs: number;
  maxFullParseBytes: number;
  resolve: (message: ParsedMessage | Promise<ParsedMessage>) => void;
}

interface Slot {
  worker: Bun.Worker;
  ready: boolean;
  /** In the worker's order; the first is running. */
  jobs: Job[];
  /** The first job's deadline. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Parsed a message over its maxFullParseBytes: takes no more, and is replaced once its jobs are done. */
  retiring: boolean;
}

const PARSE_WORKER_URL = new URL("./parse-worker.ts", import.meta.url);

export class ParsePool {
  readonly #size: number;
  readonly #workerUrl: URL;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #pending = new Set<Promise<ParsedMessage>>();
  #stopped = 0;
  #recycled = 0;

  /** `workerUrl` is for tests (a worker that crashes); it must answer like ./parse-worker.ts. */
  constructor(size: number, workerUrl: URL = PARSE_WORKER_URL) {
    this.#size = Math.max(1, size);
    this.#workerUrl = workerUrl;
  }

  /** Resolves with the parsed message, or a header-only one with "timeout" or "worker_failed". Never rejects. */
  parse(raw: Uint8Array, timeoutMs: number, maxFullParseBytes = MAX_FULL_PARSE_BYTES): Promise<ParsedMessage> {
    const parsed = new Promise<ParsedMessage>((resolve) => {
      this.#queue.push({ raw, timeoutMs, maxFullParseBytes, resolve });
      this.#pump();
    });
    this.#pending.add(parsed);
    void parsed.finally(() => this.#pending.delete(parsed));
    return parsed;
  }

  /** Waits for queued and running parses, then stops the workers. */
  async close(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    for (const slot of this.#slots.splice(0)) slot.worker.terminate();
  }

  /** Workers stopped so far because they timed out, crashed or never started (for tests and metrics). */
  get workersStopped(): number {
    return this.#stopped;
  }

  /** Workers replaced after a message over maxFullParseBytes (for tests and metrics). */
  get workersRecycled(): number {
    return this.#recycled;
  }

  /** Workers alive now (for tests and metrics). */
  get workerCount(): number {
    return this.#slots.length;
  }

  #pump(): void {
    // Fill the least loaded workers first, so both cores get work before either gets a second message.
    for (let depth = 0; depth < PIPELINE_DEPTH && this.#queue.length > 0; depth++) {
      for (const slot of this.#slots) {
        if (slot.ready && !slot.retiring && slot.jobs.length === depth && this.#queue.length > 0) this.#dispatch(slot, this.#queue.shift()!);
      }
    }
    let unserved = this.#queue.length - this.#slots.filter((slot) => !slot.ready && !slot.retiring).length;
    for (; unserved > 0 && this.#slots.length < this.#size; unserved--) this.#start();
  }

  #start(): void {
    // The DOM lib's Worker type hides Bun's ref()/unref().
    const worker = new Worker(this.#workerUrl, { smol: true } as WorkerOptions) as unknown as Bun.Worker;
    const slot: Slot = { worker, ready: false, jobs: [], timer: undefined, retiring: false };
    worker.addEventListener("message", (event) => this.#reply(slot, (event as MessageEvent<WorkerReply>).data));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.#fail(slot, "worker_failed");
    });
    worker.addEventListener("close", () => this.#fail(slot, "worker_failed"));
    this.#slots.push(slot);
  }

  #dispatch(slot: Slot, job: Job): void {
    slot.jobs.push(job);
    if (slot.jobs.length === 1) {
      slot.worker.ref();
      this.#startClock(slot);
    }
    // A copy is moved rather than the caller's buffer, which stays usable.
    // (new Uint8Array, not slice(): Buffer#slice shares memory.)
    const copy = new Uint8Array(job.raw);
    slot.worker.postMessage({ raw: copy, maxFullParseBytes: job.maxFullParseBytes } satisfies WorkerRequest, [copy.buffer]);
  }

  #startClock(slot: Slot): void {
    clearTimeout(slot.timer);
    const running = slot.jobs[0];
    slot.timer = running ? setTimeout(() => this.#fail(slot, "timeout"), running.timeoutMs) : undefined;
  }

  #reply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "ready") {
      slot.ready = true;
    } else {
      const done = slot.jobs.shift();
      done?.resolve(reply.message);
      // A huge message leaves the worker's heap grown (JSC keeps what it got): a fresh thread gives it back.
      if (done && done.raw.byteLength > done.maxFullParseBytes) slot.retiring = true;
      this.#startClock(slot);
    }
    if (slot.jobs.length === 0) slot.worker.unref();
    if (slot.retiring && slot.jobs.length === 0) this.#retire(slot);
    this.#pump();
  }

  /** Stops an idle retiring worker; #pump starts another when there is work. */
  #retire(slot: Slot): void {
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    clearTimeout(slot.timer);
    slot.worker.terminate();
    this.#recycled += 1;
  }

  /**
   * Stops and replaces a worker that timed out, crashed or never started:
   * its running message gets a header-only result, the ones waiting behind
   * it go back to the front of the queue.
   */
  #fail(slot: Slot, problem: ParseProblem): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    clearTimeout(slot.timer);
    slot.worker.terminate();
    this.#stopped += 1;
    const [running, ...waiting] = slot.jobs;
    if (running) running.resolve(parseHeadersOnly(running.raw, [problem]));
    this.#queue.unshift(...waiting);
    if (!slot.ready && !this.#slots.some((other) => other.ready)) {
      // No worker can start: answer what is queued rather than leave it waiting.
      for (const job of this.#queue.splice(0)) job.resolve(parseHeadersOnly(job.raw, ["worker_failed"]));
    }
    this.#pump();
  }
}
