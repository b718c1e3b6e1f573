import { afterAll, describe, expect, test } from "bun:test";
import { createApp } from "../src/http/app.tsx";
import { serve } from "../src/server.ts";
import { freePort } from "./support/ports.ts";
import { createTestDatabase, testConfig } from "./support/postgres.ts";
import { testServices } from "./support/services.ts";
import { tempDir } from "./support/temp.ts";
import { makeSelfSignedCertificate } from "./support/tls.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());

describe("serve", () => {
  test("serves HTTPS with the configured certificate, and sends HSTS there", async () => {
    const certificate = makeSelfSignedCertificate(tempDir("tls"));
    const config = testConfig(db, { PORT: String(await freePort()), TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile });
    const server = await serve(createApp({ ...testServices(db), config }), config);
    try {
      const response = await fetch(`https://127.0.0.1:${config.PORT}/healthz`, { tls: { ca: certificate.pem } });
      expect(response.status).toBe(200);
      expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      // A client that does not trust the certificate is refused: it is really TLS, with this certificate.
      await expect(fetch(`https://127.0.0.1:${config.PORT}/healthz`)).rejects.toThrow();
    } finally {
      await server.stop(true);
    }
  });

  test("serves plain HTTP without HSTS when no certificate is configured", async () => {
    const config = testConfig(db, { PORT: String(await freePort()) });
    const server = await serve(createApp({ ...testServices(db), config }), config);
    try {
      const response = await fetch(`http://127.0.0.1:${config.PORT}/healthz`);
      expect(response.status).toBe(200);
      expect(response.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await server.stop(true);
    }
  });
});
