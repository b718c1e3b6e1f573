/**
 * Structured logging: one JSON object per line on stdout, with `level`,
 * `time`, `msg` and whatever context the caller bound (`requestId`, `jobId`).
 *
 * Fields whose name suggests a secret or mail content are replaced by
 * "[redacted]" before they are written, so a careless `log.info(..., { password })`
 * cannot leak. Callers still must not put secrets into `msg` itself.
 */
import type { LogLevel } from "./config.ts";

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Words that mark a field as secret or as mail content, wherever they appear in its name. */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "dek",
  "cookie",
  "authorization",
  "body",
  "html",
  "subject",
  "credential",
  "credentials",
  "totp",
  "ciphertext",
  "plaintext",
]);
/** `apiKey`, `private_key`, `masterKey`… but not `jobKey`. */
const SECRET_KEY_PREFIXES = new Set(["api", "private", "master", "data", "secret", "encryption", "wrapped", "session"]);

function isSecretField(name: string): boolean {
  const words = name.split(/[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
  return words.some((word, i) => SECRET_WORDS.has(word) || (word === "key" && SECRET_KEY_PREFIXES.has(words[i - 1] ?? "")));
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

let threshold = LEVEL_ORDER.info;
let write: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function setLogLevel(level: LogLevel): void {
  threshold = LEVEL_ORDER[level];
}

/** Sends log lines somewhere else (tests capture them to check nothing secret is logged). */
export function setLogSink(sink: (line: string) => void): void {
  write = sink;
}

function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    // Only the stable parts of an error: its code and message, no attached data.
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack };
  }
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: LogFields = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretField(key) ? "[redacted]" : redact(item, depth + 1);
  }
  return out;
}

function makeLogger(bound: LogFields): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVEL_ORDER[level] < threshold) return;
    const line = { level, time: new Date().toISOString(), msg, ...(redact({ ...bound, ...fields }) as LogFields) };
    write(JSON.stringify(line));
  };
  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => makeLogger({ ...bound, ...fields }),
  };
}

export const log: Logger = makeLogger({});
