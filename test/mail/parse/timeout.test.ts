/**
 * The timeout really stops the work: a pathological message with a tiny
 * timeout comes back header-only with "timeout", the CPU goes quiet (the
 * worker was terminated, not left running behind a Promise.race), and the
 * next message parses on a fresh worker.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { PARSE_WORKERS } from "../../../src/limits.ts";
import { closeParsePool, parseMessage, parseWorkerCount, parseWorkersStopped } from "../../../src/mail/parse/parse-message.ts";
import { mime, multipart, plainMessage } from "./messages.ts";
import { expectWellFormed } from "./shape.ts";

afterAll(closeParsePool);

/**
 * 300 nested multiparts around four 1.9 MB HTML parts next to a text part:
 * mailparser turns each HTML part into text (just under its length limit),
 * about two seconds of CPU on this machine in all.
 */
function pathologicalMessage(): Uint8Array {
  const paragraph = "<p>Lorem <b>ipsum</b> dolor <a href='https://example.org/a'>sit</a> amet, <i>consectetur</i></p>\n";
  const html = `<html><body>${paragraph.repeat(Math.floor(1_900_000 / paragraph.length))}</body></html>`;
  const htmlPart: [string[], string] = [["Content-Type: text/html; charset=utf-8"], html];
  let part: [string[], string] = [
    ['Content-Type: multipart/mixed; boundary="inner"'],
    multipart("inner", [[["Content-Type: text/plain; charset=utf-8"], "intro"], htmlPart, htmlPart, htmlPart, htmlPart]),
  ];
  for (let level = 300; level > 0; level--) part = [[`Content-Type: multipart/mixed; boundary="level${level}"`], multipart(`level${level}`, [part])];
  const head = [
    "From: Slow Sender <slow@example.org>",
    "To: anna@example.org",
    "Subject: Pathological",
    "Message-ID: <slow-1@example.org>",
    "Date: Fri, 14 Mar 2025 10:30:00 +0100",
    "MIME-Version: 1.0",
  ];
  return new TextEncoder().encode(mime([...head, ...part[0]], part[1]));
}

const pathological = pathologicalMessage();
const plain = (index: number) => new TextEncoder().encode(plainMessage(index));

describe("parse timeout", () => {
  test("a pathological message with a tiny timeout: header-only with 'timeout', the work stopped, the next parse works", async () => {
    await parseMessage(plain(0)); // workers up
    const stoppedBefore = parseWorkersStopped();

    const parsed = await parseMessage(pathological, { timeoutMs: 50 });
    expectWellFormed(parsed, pathological);
    expect(parsed.problems).toEqual(["timeout"]);
    expect(parsed).toMatchObject({
      subject: "Pathological",
      messageId: "slow-1@example.org",
      date: "2025-03-14T09:30:00.000Z",
      from: [{ name: "Slow Sender", address: "slow@example.org" }],
      text: "",
      html: null,
      attachments: [],
    });
    // The worker was terminated (not left running the parse): the pool stopped exactly one.
    expect(parseWorkersStopped()).toBe(stoppedBefore + 1);

    const next = await parseMessage(plain(1), { timeoutMs: 2_000 });
    expect(next.problems).toEqual([]);
    expect(next.subject).toBe("Re: Projekt 1");
    expect(parseWorkerCount()).toBeLessThanOrEqual(PARSE_WORKERS);
  });

  test("messages queued behind a stopped one are parsed in full", async () => {
    const results = await Promise.all([parseMessage(pathological, { timeoutMs: 50 }), ...Array.from({ length: 30 }, (_, index) => parseMessage(plain(index + 10), { timeoutMs: 5_000 }))]);
    expect(results[0]!.problems).toEqual(["timeout"]);
    results.slice(1).forEach((result, index) => {
      expect(result.problems).toEqual([]);
      expect(result.subject).toBe(`Re: Projekt ${index + 10}`);
    });
  });

  test("with enough time the same message parses in full (so the timeout above was the cause)", async () => {
    const parsed = await parseMessage(pathological, { timeoutMs: 30_000 });
    expectWellFormed(parsed, pathological);
    expect(parsed.problems).not.toContain("timeout");
    // Parsed in full, and so long that what is stored is cut at its limits (and says so).
    expect(parsed.problems).toEqual(["text_truncated", "html_truncated"]);
    expect(parsed.text.startsWith("intro")).toBe(true);
    expect(parsed.text.includes("Lorem ipsum dolor sit [https://example.org/a] amet")).toBe(true);
  });
});
