/** Serves the Hono app with Bun.serve, over TLS when a certificate is configured. */
import { accessSync, constants } from "node:fs";
import type { Server } from "bun";
import type { Config } from "./config.ts";
import type { App } from "./http/app.tsx";

export class ServeError extends Error {
  override name = "ServeError";
}

function assertReadable(variable: string, path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new ServeError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
}

export function serve(app: App, config: Config): Server<undefined> {
  if (config.tls) {
    assertReadable("TLS_CERT_FILE", config.tls.certFile);
    assertReadable("TLS_KEY_FILE", config.tls.keyFile);
  }
  try {
    return Bun.serve({
      hostname: config.HOST,
      port: config.PORT,
      fetch: app.fetch,
      tls: config.tls ? { cert: Bun.file(config.tls.certFile), key: Bun.file(config.tls.keyFile) } : undefined,
      // Long polls and slow clients are cut off rather than holding sockets forever.
      idleTimeout: 60,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") throw new ServeError(`PORT ${config.PORT} is already in use on ${config.HOST}`);
    if (code === "EACCES") throw new ServeError(`PORT ${config.PORT} on ${config.HOST} needs privileges this process lacks`);
    if (code === "EADDRNOTAVAIL") throw new ServeError(`HOST ${config.HOST} is not an address of this machine`);
    throw error;
  }
}
