/**
 * import-kimh --from sqlite:PATH | postgres://… [--dry-run] [--passwords FILE]
 *
 * Brings KI-Mail-Helper's users and their data over (src/migrate-kimh/).
 * Each user's password is asked on the terminal (not echoed), or read from
 * FILE: a JSON object of e-mail address → password, for automation (keep it
 * mode 600 and delete it afterwards). A user left out of the file, or given
 * an empty answer, is skipped. Prints per-table counts and checksums; exits
 * non-zero when a table's checksums differ.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrate } from "../db/migrate.ts";
import { log } from "../log.ts";
import { closeParsePool } from "../mail/parse/parse-message.ts";
import { importKimh } from "../migrate-kimh/import.ts";
import { openKimhSource, SourceError } from "../migrate-kimh/source.ts";
import type { CommandContext } from "./context.ts";
import { UsageError } from "./users.ts";

function passwordsFromFile(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--passwords: cannot read ${path} as JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError("--passwords: the file must hold one JSON object of e-mail address → password");
  return new Map(Object.entries(parsed).flatMap(([email, password]) => (typeof password === "string" ? [[email.trim().toLowerCase(), password] as const] : [])));
}

/** One line from the terminal with echo off; "" on end of input. */
async function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError("no terminal to ask passwords on: give them with --passwords FILE");
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString("utf8")) {
          if (char === "\r" || char === "\n" || char === "\u0004") {
            stdin.off("data", onData);
            resolve(typed);
            return;
          }
          if (char === "\u0003") {
            stdin.off("data", onData);
            reject(new UsageError("cancelled"));
            return;
          }
          typed = char === "\u007f" || char === "\b" ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}

export async function importKimhCommand({ db, keyring }: CommandContext, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { from: { type: "string" }, "dry-run": { type: "boolean", default: false }, passwords: { type: "string" } } });
  if (!values.from) throw new UsageError("import-kimh needs --from sqlite:PATH or --from postgres://…");
  const fromFile = values.passwords ? passwordsFromFile(values.passwords) : null;
  let source: ReturnType<typeof openKimhSource>;
  try {
    source = openKimhSource(values.from);
  } catch (error) {
    if (error instanceof SourceError) throw new UsageError(error.message);
    throw error;
  }
  try {
    await migrate(db.sql, db.url, log);
    const report = await importKimh({ sql: db.sql, keyring }, source, {
      dryRun: values["dry-run"] ?? false,
      passwordFor: async ({ username, email }) => {
        if (fromFile) return fromFile.get(email) ?? null;
        const answer = await askHidden(`KI-Mail-Helper password of ${username} <${email}> (empty: skip this user): `);
        return answer === "" ? null : answer;
      },
    });
    if (!report.consistent) process.exitCode = 1;
    return `${source.label}\n${report.format()}`;
  } finally {
    await source.close();
    await closeParsePool();
  }
}
