/**
 * The worker pool's life cycle: idle workers never keep the process alive,
 * closing waits for running parses, crashed or unloadable workers give
 * "worker_failed" results instead of hangs, and many parses in flight each
 * get their own message's result.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { closeParsePool, parseMessage, parseWorkerCount } from "../../../src/mail/parse/parse-message.ts";
import { ParsePool } from "../../../src/mail/parse/parse-pool.ts";
import { htmlHeavyMessage, plainMessage } from "./messages.ts";

afterAll(closeParsePool);

const encode = (text: string) => new TextEncoder().encode(text);
const simple = (subject: string) => encode(`From: a@example.org\r\nSubject: ${subject}\r\n\r\nbody\r\n`);

describe("parse pool", () => {
  test("an idle pool does not keep the process alive", async () => {
    const module = join(import.meta.dir, "../../../src/mail/parse/parse-message.ts");
    const script = `import { parseMessage } from ${JSON.stringify(module)};
      const parsed = await parseMessage(new TextEncoder().encode("Subject: exits\\r\\n\\r\\nbody\\r\\n"));
      console.log(parsed.subject);`;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    const killer = setTimeout(() => child.kill(), 10_000);
    const exitCode = await child.exited;
    clearTimeout(killer);
    expect({ exitCode, stdout: (await new Response(child.stdout).text()).trim() }).toEqual({ exitCode: 0, stdout: "exits" });
  });

  test("many parses in flight each get their own message's result", async () => {
    const raws = Array.from({ length: 300 }, (_, index) => encode(index % 10 === 0 ? htmlHeavyMessage(index) : plainMessage(index)));
    const results = await Promise.all(raws.map((raw) => parseMessage(raw)));
    results.forEach((result, index) => {
      expect(result.problems).toEqual([]);
      expect(result.subject).toBe(index % 10 === 0 ? `Newsletter ${index}: Angebote der Woche` : `Re: Projekt ${index}`);
      expect(result.size).toBe(raws[index]!.byteLength);
    });
  });

  test("closing waits for running parses; a later parse starts a new pool", async () => {
    const running = Array.from({ length: 20 }, (_, index) => parseMessage(encode(plainMessage(index))));
    await closeParsePool();
    expect(parseWorkerCount()).toBe(0);
    for (const result of await Promise.all(running)) expect(result.problems).toEqual([]);
    expect((await parseMessage(simple("after close"))).subject).toBe("after close");
    expect(parseWorkerCount()).toBeGreaterThan(0);
  });

  test("a worker that crashes gives 'worker_failed' with the headers, and is replaced", async () => {
    const pool = new ParsePool(1, new URL("./fixtures/crashing-worker.ts", import.meta.url));
    const thrown = await pool.parse(simple("throws"), 5_000);
    expect(thrown).toMatchObject({ subject: "throws", text: "", problems: ["worker_failed"] });
    const exited = await pool.parse(simple("exit"), 5_000);
    expect(exited).toMatchObject({ subject: "exit", problems: ["worker_failed"] });
    expect(pool.workerCount).toBeLessThanOrEqual(1);
    await pool.close();
    expect(pool.workerCount).toBe(0);
  });

  test("a worker that cannot load answers queued messages with 'worker_failed' instead of hanging", async () => {
    const pool = new ParsePool(2, new URL("./fixtures/broken-worker.ts", import.meta.url));
    const results = await Promise.all([pool.parse(simple("one"), 5_000), pool.parse(simple("two"), 5_000), pool.parse(simple("three"), 5_000)]);
    expect(results.map((result) => [result.subject, result.problems])).toEqual([
      ["one", ["worker_failed"]],
      ["two", ["worker_failed"]],
      ["three", ["worker_failed"]],
    ]);
    await pool.close();
  });
});
