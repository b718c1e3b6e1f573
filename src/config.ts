/**
 * Process configuration, read once from the environment (Bun also loads an
 * optional `.env` file from the working directory) and validated with
 * valibot. A bad value stops the process with one line naming the variable.
 */
import { resolve } from "node:path";
import * as v from "valibot";

/** A variable, its parser and the sentence shown when the value is wrong. */
type Setting<T> = { expected: string; parse: (raw: string | undefined) => T; secret?: boolean };

const integer = (min: number, max: number, fallback: number): Setting<number> => ({
  expected: `an integer from ${min} to ${max}`,
  parse: (raw) => (raw === undefined || raw === "" ? fallback : v.parse(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(min), v.maxValue(max)), raw)),
});

const text = (fallback: string): Setting<string> => ({
  expected: "a non-empty string",
  parse: (raw) => (raw === undefined || raw === "" ? fallback : v.parse(v.pipe(v.string(), v.trim(), v.nonEmpty()), raw)),
});

const optionalPath: Setting<string | undefined> = {
  expected: "a file path",
  parse: (raw) => (raw === undefined || raw === "" ? undefined : resolve(raw)),
};

const url = (protocols: string[], fallback: string | undefined): Setting<string | undefined> => ({
  expected: `a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
  parse: (raw) => {
    if (raw === undefined || raw === "") return fallback;
    const parsed = v.parse(v.pipe(v.string(), v.url()), raw);
    if (!protocols.includes(new URL(parsed).protocol)) throw new Error("protocol");
    return parsed.replace(/\/$/, "");
  },
});

const flag = (fallback: boolean): Setting<boolean> => ({
  expected: "true or false",
  parse: (raw) =>
    raw === undefined || raw === ""
      ? fallback
      : v.parse(
          v.pipe(
            v.string(),
            v.toLowerCase(),
            v.picklist(["true", "false", "1", "0", "yes", "no"]),
            v.transform((value) => ["true", "1", "yes"].includes(value)),
          ),
          raw,
        ),
});

/** Host names only: a port would never match, since the check compares names (src/http/middleware/host.ts). */
const hostnames: Setting<string[]> = {
  expected: "host names separated by commas, without port or scheme",
  parse: (raw) =>
    (raw ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== "")
      .map((name) => v.parse(v.pipe(v.string(), v.regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/)), name)),
};

const secret: Setting<string | undefined> = {
  secret: true,
  expected: "one or more id:base64-key pairs separated by commas",
  parse: (raw) => (raw === undefined || raw === "" ? undefined : v.parse(v.pipe(v.string(), v.regex(/^[\w.-]+:[A-Za-z0-9+/=]{40,}(,[\w.-]+:[A-Za-z0-9+/=]{40,})*$/)), raw.trim())),
};

/** A bearer token someone types into a scrape config: long enough that guessing it is hopeless. */
const token: Setting<string | undefined> = {
  secret: true,
  expected: "at least 24 characters without spaces",
  parse: (raw) => (raw === undefined || raw === "" ? undefined : v.parse(v.pipe(v.string(), v.trim(), v.regex(/^\S{24,}$/)), raw)),
};

const oneOf = <T extends string>(values: readonly T[], fallback: T): Setting<T> => ({
  expected: `one of ${values.join(", ")}`,
  parse: (raw) => (raw === undefined || raw === "" ? fallback : v.parse(v.picklist(values), raw.toLowerCase())),
});

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const settings = {
  HOST: text("127.0.0.1"),
  PORT: integer(1, 65535, 3000),
  PUBLIC_URL: url(["http:", "https:"], undefined),
  DATA_DIR: text("data"),
  DATABASE_URL: url(["postgres:", "postgresql:"], undefined),
  DB_POOL_MAX: integer(1, 1000, 10),
  DB_IDLE_TIMEOUT_S: integer(0, 86_400, 30),
  DB_MAX_LIFETIME_S: integer(0, 86_400, 1800),
  DB_CONNECT_TIMEOUT_S: integer(1, 600, 10),
  EMBEDDED_PG_PORT: integer(0, 65535, 0),
  TLS_CERT_FILE: optionalPath,
  TLS_KEY_FILE: optionalPath,
  LOG_LEVEL: oneOf(LOG_LEVELS, "info"),
  WORKER_CONCURRENCY: integer(1, 256, 4),
  SHUTDOWN_TIMEOUT_S: integer(1, 3600, 30),
  MASTER_KEY: secret,
  MASTER_KEY_FILE: optionalPath,
  SESSION_IDLE_TIMEOUT_MIN: integer(1, 7 * 24 * 60, 120),
  SESSION_ABSOLUTE_TIMEOUT_H: integer(1, 90 * 24, 24),
  TRUST_PROXY: flag(false),
  ALLOWED_HOSTS: hostnames,
  SYNC_POLL_INTERVAL_MIN: integer(1, 24 * 60, 15),
  // /metrics is off unless one of these is set (src/metrics/access.ts); METRICS_PORT serves it on a port of its own (a worker process has no other).
  METRICS_TOKEN: token,
  METRICS_LOOPBACK_ONLY: flag(false),
  METRICS_PORT: integer(0, 65535, 0),
  // Requests per minute one personal API token may make (src/http/middleware/rate-limit.ts).
  RATE_LIMIT_TOKEN_PER_MIN: integer(1, 1_000_000, 600),
  // Mail import (src/mail/import/): the largest upload, and the only directory administrators may import from by path (unset: none).
  IMPORT_MAX_BYTES: integer(1, 2 ** 40, 2 * 1024 * 1024 * 1024),
  IMPORT_ROOT: optionalPath,
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]["parse"]> } & {
  /** DATA_DIR made absolute. */
  dataDir: string;
  /** MASTER_KEY_FILE, or master.key in the data directory. */
  masterKeyFile: string;
  /** Where people reach the app; defaults from HOST/PORT and TLS. */
  publicUrl: string;
  tls: { certFile: string; keyFile: string } | undefined;
};

/** A configuration error: its message is the one line the user sees. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the given environment.
 *
 * @example
 *   const config = loadConfig({ PORT: "8080" }); // config.PORT === 8080
 * @throws ConfigError with a one-line message naming the variable
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const raw = env[name];
    try {
      values[name] = setting.parse(raw);
    } catch {
      throw new ConfigError(`${name} must be ${setting.expected} (${setting.secret ? "value not shown" : `got ${JSON.stringify(raw)}`})`);
    }
  }
  const config = values as Omit<Config, "dataDir" | "masterKeyFile" | "publicUrl" | "tls">;
  if (Boolean(config.TLS_CERT_FILE) !== Boolean(config.TLS_KEY_FILE)) {
    throw new ConfigError("TLS_CERT_FILE and TLS_KEY_FILE must be set together (both or neither)");
  }
  const tls = config.TLS_CERT_FILE && config.TLS_KEY_FILE ? { certFile: config.TLS_CERT_FILE, keyFile: config.TLS_KEY_FILE } : undefined;
  const browserHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const dataDir = resolve(config.DATA_DIR);
  return {
    ...config,
    dataDir,
    masterKeyFile: config.MASTER_KEY_FILE ?? resolve(dataDir, "master.key"),
    publicUrl: config.PUBLIC_URL ?? `${tls ? "https" : "http"}://${browserHost.includes(":") ? `[${browserHost}]` : browserHost}:${config.PORT}`,
    tls,
  };
}
