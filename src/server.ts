/**
 * Serves the Hono app over HTTP, or HTTPS when a certificate is configured.
 *
 * Through Bun's node:http server (with @hono/node-server's request
 * listener), not Bun.serve: Bun.serve writes a response that is ready only
 * after an `await` (every page here: they all wait for PostgreSQL) one
 * send() per fragment, the status line, each header's name, ": ", value and
 * line end, then the body: some 30 TCP segments for one page, each waking
 * the browser's side (oven-sh/bun#41341, open in Bun 1.4.5). That cost the
 * web process a third of its CPU time per list page, and the load
 * generator of `npm run bench:web` 0.26 ms per page; node:http sends the
 * head and the body together (list page: 1.0 -> 0.74 ms server CPU, 780 ->
 * 990 pages a second). Once Bun.serve corks such writes, this file is the
 * one to change back.
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Config } from "./config.ts";
import type { App } from "./http/app.tsx";

export class ServeError extends Error {
  override name = "ServeError";
}

export interface RunningServer {
  /** The port it listens on (the configured one, or the one chosen for PORT=0). */
  port: number;
  /** Stops accepting, lets requests in flight finish (all cut off when `force`), closes idle keep-alive connections. */
  stop(force?: boolean): Promise<void>;
}

/** Long polls and slow clients are cut off rather than holding sockets forever. */
const IDLE_TIMEOUT_MS = 60_000;

function readTlsFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ServeError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
}

function listenError(error: NodeJS.ErrnoException, config: Config): Error {
  if (error.code === "EADDRINUSE") return new ServeError(`PORT ${config.PORT} is already in use on ${config.HOST}`);
  if (error.code === "EACCES") return new ServeError(`PORT ${config.PORT} on ${config.HOST} needs privileges this process lacks`);
  if (error.code === "EADDRNOTAVAIL") return new ServeError(`HOST ${config.HOST} is not an address of this machine`);
  return error;
}

export async function serve(app: App, config: Config): Promise<RunningServer> {
  // Not overriding the global Request and Response (the listener's default): the rest of the process uses Bun's own.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  const server: HttpServer = config.tls
    ? createHttpsServer({ cert: readTlsFile("TLS_CERT_FILE", config.tls.certFile), key: readTlsFile("TLS_KEY_FILE", config.tls.keyFile) }, listener)
    : createHttpServer(listener);
  server.setTimeout(IDLE_TIMEOUT_MS);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(listenError(error, config)));
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async stop(force = false) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (force) server.closeAllConnections();
      else server.closeIdleConnections();
      await closed;
    },
  };
}
