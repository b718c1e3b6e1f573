import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../src/config.ts";

function messageFor(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig refuses bad values with one line naming the variable", () => {
  test.each([
    ['PORT must be an integer from 1 to 65535 (got "abc")', { PORT: "abc" }],
    ['PORT must be an integer from 1 to 65535 (got "70000")', { PORT: "70000" }],
    ['PORT must be an integer from 1 to 65535 (got "-1")', { PORT: "-1" }],
    ['DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "not a url")', { DATABASE_URL: "not a url" }],
    ['DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://db/x")', { DATABASE_URL: "mysql://db/x" }],
    ['PUBLIC_URL must be a URL starting with http:// or https:// (got "mail.example.org")', { PUBLIC_URL: "mail.example.org" }],
    ['LOG_LEVEL must be one of debug, info, warn, error (got "verbose")', { LOG_LEVEL: "verbose" }],
    ['WORKER_CONCURRENCY must be an integer from 1 to 256 (got "0")', { WORKER_CONCURRENCY: "0" }],
    ['DB_POOL_MAX must be an integer from 1 to 1000 (got "1.5")', { DB_POOL_MAX: "1.5" }],
    ['ALLOWED_HOSTS must be host names separated by commas, without port or scheme (got "mail.example.org:8443")', { ALLOWED_HOSTS: "mail.example.org:8443" }],
    ['ALLOWED_HOSTS must be host names separated by commas, without port or scheme (got "https://mail.example.org")', { ALLOWED_HOSTS: "https://mail.example.org" }],
    ["TLS_CERT_FILE and TLS_KEY_FILE must be set together (both or neither)", { TLS_CERT_FILE: "/c.pem" }],
  ])("%s", (expected, env) => {
    const message = messageFor(env);
    expect(message).toBe(expected);
    expect(message).not.toContain("\n");
  });
});

test("a malformed MASTER_KEY is refused without printing it", () => {
  const message = messageFor({ MASTER_KEY: "mk1:tooshort-secret" });
  expect(message).toBe("MASTER_KEY must be one or more id:base64-key pairs separated by commas (value not shown)");
});
