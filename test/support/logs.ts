/** Captures the JSON log lines written while a test runs. */
import { setLogLevel, setLogSink } from "../../src/log.ts";
import type { LogLevel } from "../../src/config.ts";

const discard = () => {};

/** Test runs are quiet unless TEST_LOG=debug|info|… is set. */
export function quietLogs(): void {
  const level = process.env.TEST_LOG as LogLevel | undefined;
  if (level) {
    setLogLevel(level);
    setLogSink((line) => process.stderr.write(`${line}\n`));
  } else {
    setLogSink(discard);
  }
}

/**
 * @example
 *   const logs = captureLogs();
 *   ...
 *   expect(logs.text()).not.toContain(secret);
 *   logs.stop();
 */
export function captureLogs(level: LogLevel = "debug") {
  const lines: string[] = [];
  setLogLevel(level);
  setLogSink((line) => lines.push(line));
  return {
    lines,
    text: () => lines.join("\n"),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      setLogLevel("info");
      quietLogs();
    },
  };
}
