import { afterEach, describe, expect, test } from "bun:test";
import { log } from "../src/log.ts";
import { captureLogs } from "./support/logs.ts";

let logs: ReturnType<typeof captureLogs>;
afterEach(() => logs.stop());

describe("log", () => {
  test("writes one JSON object per line with level, time, message and bound fields", () => {
    logs = captureLogs();
    log.child({ requestId: "r-1" }).info("hello", { count: 3 });
    const [entry] = logs.entries();
    expect(entry).toMatchObject({ level: "info", msg: "hello", requestId: "r-1", count: 3 });
    expect(new Date(entry!.time as string).getTime()).toBeGreaterThan(0);
  });

  test("drops lines below the level", () => {
    logs = captureLogs("warn");
    log.info("quiet");
    log.warn("loud");
    expect(logs.entries().map((entry) => entry.msg)).toEqual(["loud"]);
  });

  test("redacts fields that hold secrets or mail content, at any depth", () => {
    logs = captureLogs();
    log.info("event", {
      password: "hunter2-password",
      imapPassword: "imap-secret-1",
      apiKey: "sk-live-123",
      dek: "raw-dek-bytes",
      totp_secret: "JBSWY3DPEHPK3PXP",
      nested: { body: "Dear Anna, the contract…", html: "<p>hi</p>", subject: "Salary" },
      jobKey: "sync:account-7",
      requestId: "r-2",
    });
    const text = logs.text();
    for (const secret of ["hunter2-password", "imap-secret-1", "sk-live-123", "raw-dek-bytes", "JBSWY3DPEHPK3PXP", "Dear Anna", "<p>hi</p>", "Salary"]) {
      expect(text).not.toContain(secret);
    }
    expect(logs.entries()[0]).toMatchObject({ jobKey: "sync:account-7", requestId: "r-2", password: "[redacted]" });
  });

  test("errors keep name, message and code", () => {
    logs = captureLogs();
    log.error("failed", { error: Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }) });
    expect(logs.entries()[0]!.error).toMatchObject({ name: "Error", message: "connection refused", code: "ECONNREFUSED" });
  });
});
