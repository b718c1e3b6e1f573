/**
 * Every message of the shared MIME torture set (broken and unusual mail from
 * the test fixtures of mailparser, mikel/mail, MimeKit and SpamAssassin)
 * parses without throwing, within the timeout, into a well-formed result;
 * and the worker pool is still healthy afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PARSE_WORKERS } from "../../../src/limits.ts";
import { closeParsePool, parseMessage, parseWorkerCount } from "../../../src/mail/parse/parse-message.ts";
import { plainMessage } from "./messages.ts";
import { expectWellFormed } from "./shape.ts";
import { mimeTortureDir } from "../../support/corpora.ts";

const CORPUS = mimeTortureDir();
/** Lowered from PARSE_TIMEOUT_MS so a hang fails fast; the slowest file takes ~50 ms. */
const TIMEOUT_MS = 2_000;
const PATHOLOGICAL = ["mailparser/htmllargecallstack.eml", "mailparser/large_text.eml", "mailparser/outofmemory.eml"];

const files = readdirSync(CORPUS)
  .filter((folder) => statSync(join(CORPUS, folder)).isDirectory())
  .flatMap((folder) => readdirSync(join(CORPUS, folder)).map((name) => `${folder}/${name}`))
  .sort();
const timings: { file: string; ms: number; problems: string[] }[] = [];

// Workers started before the clock runs, so the first file's time is its own.
beforeAll(async () => {
  await parseMessage(new TextEncoder().encode(plainMessage(1)));
});

afterAll(async () => {
  await closeParsePool();
  const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8);
  console.log(`slowest of ${timings.length}:\n${slowest.map((t) => `  ${t.ms.toFixed(1).padStart(7)} ms  ${t.file}  [${t.problems.join(", ")}]`).join("\n")}`);
  const counts = new Map<string, number>();
  for (const problem of timings.flatMap((t) => t.problems)) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  console.log(`problems: ${[...counts].map(([problem, count]) => `${problem} ${count}`).join(", ")}`);
});

describe("MIME torture set", () => {
  test("has all its files", () => {
    expect(files.length).toBe(281);
    for (const file of PATHOLOGICAL) expect(files).toContain(file);
  });

  for (const file of files) {
    test(file, async () => {
      const raw = new Uint8Array(readFileSync(join(CORPUS, file)));
      const started = performance.now();
      const parsed = await parseMessage(raw, { timeoutMs: TIMEOUT_MS });
      const ms = performance.now() - started;
      timings.push({ file, ms, problems: parsed.problems });
      expectWellFormed(parsed, raw);
      // A hang would have ended in "timeout" (a header-only result); no file may kill its worker.
      expect(parsed.problems).not.toContain("worker_failed");
    });
  }

  test("the pool survives the corpus: a plain message still parses completely", async () => {
    expect(parseWorkerCount()).toBeGreaterThan(0);
    expect(parseWorkerCount()).toBeLessThanOrEqual(PARSE_WORKERS);
    const raw = new TextEncoder().encode(plainMessage(7));
    const parsed = await parseMessage(raw, { timeoutMs: TIMEOUT_MS });
    expectWellFormed(parsed, raw);
    expect(parsed.problems).toEqual([]);
    expect(parsed.subject).toBe("Re: Projekt 7");
  });
});
