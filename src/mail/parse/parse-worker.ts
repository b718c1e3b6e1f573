/**
 * A parse worker: receives raw messages (transferred Uint8Arrays), parses
 * them one after another in arrival order, and answers each with its
 * ParsedMessage, attachment contents transferred back. Strict order is what
 * lets the pool know which message a stuck worker is on.
 */
import { parseMessageInThread } from "./parse-in-thread.ts";
import type { ParsedMessage } from "./types.ts";

/**
 * Parsing churns through many short-lived objects; JSC sizes its heap by the machine's RAM and would let a
 * worker grow to hundreds of MB before collecting. A full collection every few MB parsed keeps it flat.
 */
const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

export type WorkerReply = { type: "ready" } | { type: "parsed"; message: ParsedMessage };
/** A raw message (transferred) and the size over which its attachments' contents are not kept. */
export interface WorkerRequest {
  raw: Uint8Array;
  maxFullParseBytes: number;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(reply: WorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const waiting: WorkerRequest[] = [];
let running = false;
let bytesSinceCollection = 0;

scope.onmessage = (event) => {
  waiting.push(event.data);
  if (!running) void parseWaiting();
};

async function parseWaiting(): Promise<void> {
  running = true;
  for (let request = waiting.shift(); request; request = waiting.shift()) {
    const message = await parseMessageInThread(request.raw, request.maxFullParseBytes);
    const contents = message.attachments.flatMap((attachment) => (attachment.content ? [attachment.content.buffer as ArrayBuffer] : []));
    scope.postMessage({ type: "parsed", message }, contents);
    bytesSinceCollection += request.raw.byteLength;
    if (bytesSinceCollection >= COLLECT_EVERY_BYTES) {
      bytesSinceCollection = 0;
      Bun.gc(true);
    }
  }
  running = false;
}

// Sent once mailparser is loaded, so loading never counts against a message's timeout.
scope.postMessage({ type: "ready" });
