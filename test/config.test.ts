import { describe, expect, test } from "bun:test";
import { loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  test("defaults: localhost:3000, data directory ./data, embedded database", () => {
    const config = loadConfig({});
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.PORT).toBe(3000);
    expect(config.publicUrl).toBe("http://127.0.0.1:3000");
    expect(config.dataDir).toBe(`${process.cwd()}/data`);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DB_POOL_MAX).toBe(10);
    expect(config.tls).toBeUndefined();
  });

  test("reads every documented variable", () => {
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: "8443",
      PUBLIC_URL: "https://mail.example.org/",
      DATA_DIR: "/var/lib/mail-helper",
      DATABASE_URL: "postgres://app:pw@db:5432/mail",
      DB_POOL_MAX: "20",
      DB_IDLE_TIMEOUT_S: "60",
      DB_MAX_LIFETIME_S: "600",
      DB_CONNECT_TIMEOUT_S: "5",
      TLS_CERT_FILE: "/etc/tls/cert.pem",
      TLS_KEY_FILE: "/etc/tls/key.pem",
      LOG_LEVEL: "DEBUG",
      WORKER_CONCURRENCY: "8",
      SHUTDOWN_TIMEOUT_S: "10",
      ALLOWED_HOSTS: "mail.internal, Mail-Helper ,",
    });
    expect(config).toMatchObject({
      HOST: "0.0.0.0",
      PORT: 8443,
      publicUrl: "https://mail.example.org",
      dataDir: "/var/lib/mail-helper",
      DATABASE_URL: "postgres://app:pw@db:5432/mail",
      DB_POOL_MAX: 20,
      DB_IDLE_TIMEOUT_S: 60,
      DB_MAX_LIFETIME_S: 600,
      DB_CONNECT_TIMEOUT_S: 5,
      tls: { certFile: "/etc/tls/cert.pem", keyFile: "/etc/tls/key.pem" },
      LOG_LEVEL: "debug",
      WORKER_CONCURRENCY: 8,
      SHUTDOWN_TIMEOUT_S: 10,
      ALLOWED_HOSTS: ["mail.internal", "mail-helper"],
    });
  });

  test("the public URL follows TLS and a wildcard host", () => {
    expect(loadConfig({ HOST: "0.0.0.0", PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadConfig({ TLS_CERT_FILE: "/c", TLS_KEY_FILE: "/k" }).publicUrl).toBe("https://127.0.0.1:3000");
  });
});
