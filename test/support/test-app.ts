/**
 * The app on a fresh test database, in-process or served on a port. Test
 * files call one of these at the top level and drop the database afterAll.
 *
 * @example
 *   const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
 *   afterAll(() => db.drop());
 */
import type { Services } from "../../src/services.ts";
import { createApp, type App } from "../../src/http/app.tsx";
import { serve } from "../../src/server.ts";
import { freePort } from "./ports.ts";
import { createTestDatabase, type TestDatabase } from "./postgres.ts";
import { testServices } from "./services.ts";

export interface TestApp {
  db: TestDatabase;
  services: Services;
  app: App;
}

/** `outbound: "public_only"`: nothing but public addresses allowed (see ./outbound.ts); otherwise loopback is allowed too. */
export async function openTestApp(env: Record<string, string> = {}, options: { outbound?: "loopback" | "public_only" } = {}): Promise<TestApp> {
  const db = await createTestDatabase(options);
  const services = testServices(db, env);
  return { db, services, app: createApp(services) };
}

export interface ServedTestApp extends TestApp {
  baseUrl: string;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

/** Served on 127.0.0.1 for a browser, with a worker heartbeat so the status card reads "ready". */
export async function serveTestApp(env: Record<string, string> = {}): Promise<ServedTestApp> {
  const port = await freePort();
  const testApp = await openTestApp({ PORT: String(port), ...env });
  await testApp.db.sql`insert into worker_heartbeats (worker_id, hostname, pid) values ('browser-test', 'test', 1)`;
  const server = await serve(testApp.app, testApp.services.config);
  return {
    ...testApp,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.stop(true);
      await testApp.db.drop();
    },
  };
}
