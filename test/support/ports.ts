/** Free TCP ports for test servers that cannot report a port-0 bind back (Dovecot, the app). */
import { createServer, type AddressInfo } from "node:net";

/** Ports the kernel considers free now. Dovecot cannot report a port 0 bind back. */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  // All held open at once so the kernel cannot hand out the same port twice.
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, host, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  const [port] = await freePorts(1, host);
  return port!;
}
