/**
 * A real webhook receiver for the tests: Bun.serve on 127.0.0.1 (loopback
 * is allowed as an outbound target in test databases, test/support/outbound.ts),
 * recording every request and answering what the test says.
 *
 * @example
 *   const receiver = startReceiver();
 *   receiver.respond = () => new Response("nope", { status: 500 });
 *   await waitFor(() => receiver.requests.length >= 3);
 */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: (path?: string) => string;
  requests: ReceivedRequest[];
  respond: (request: ReceivedRequest, index: number) => Response | Promise<Response>;
  stop(): void;
}

export function startReceiver(): Receiver {
  const receiver: Receiver = {
    url: () => "",
    requests: [],
    respond: () => new Response("ok", { status: 200, headers: { "content-type": "text/plain" } }),
    stop: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const received = { path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers), body: await request.text() };
      receiver.requests.push(received);
      return await receiver.respond(received, receiver.requests.length - 1);
    },
  });
  receiver.url = (path = "/hook") => `http://127.0.0.1:${server.port}${path}`;
  return receiver;
}

/** The requests to one path (each test's hook gets its own). */
export const requestsTo = (receiver: Receiver, path: string) => receiver.requests.filter((request) => request.path === path);
