/**
 * Pigeonhole's `sieve-test` (Debian `dovecot-sieve`) as the reference Sieve
 * interpreter: runs a script on a message file without delivering
 * anything (no `-e`) and reads the actions it would perform into a
 * normalised set: the folders the message is stored in (fileinto, and the
 * implicit or explicit keep as "INBOX"), discard, and the IMAP flags each
 * stored copy gets (lower case, sorted; imap4flags). A failed run, or a
 * line of the report this reader does not know, throws with the output.
 *
 * sieve-test refuses to run as root and then drops to `mail_uid`, so its
 * files live in a directory of their own that uid 10000 can read (not the
 * run's mode-700 temp root; the scripts and corpora are not secret).
 *
 * @example
 *   const sieve = createSieveTester();
 *   const script = sieve.writeScript("rules", exportSieve(rules, names));
 *   const actions = await sieve.run(script, sieve.writeMessage("m1", raw));
 *   sieve.close();
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SIEVE_TEST = "/usr/bin/sieve-test";
const MAIL_UID = 10000;

/** What a script does to one message. `stored`: folder → the flags that copy gets. */
export interface SieveActions {
  stored: Map<string, string[]>;
  discard: boolean;
}

export interface SieveTester {
  dir: string;
  writeScript(name: string, script: string): string;
  writeMessage(name: string, raw: Uint8Array | string): string;
  run(scriptPath: string, messagePath: string): Promise<SieveActions>;
  close(): void;
}

export function createSieveTester(): SieveTester {
  const dir = mkdtempSync(join(tmpdir(), "mh-sieve-test-"));
  chmodSync(dir, 0o755);
  const config = join(dir, "dovecot.conf");
  writeFileSync(config, [`base_dir = ${dir}/run`, "log_path = /dev/stderr", `mail_location = maildir:${dir}/Maildir`, `mail_uid = ${MAIL_UID}`, `mail_gid = ${MAIL_UID}`, ""].join("\n"));
  const write = (name: string, content: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o644 });
    return path;
  };
  return {
    dir,
    writeScript: (name, script) => write(`${name}.sieve`, script),
    writeMessage: (name, raw) => write(`${name}.eml`, raw),
    async run(scriptPath, messagePath) {
      const child = Bun.spawn([SIEVE_TEST, "-c", config, scriptPath, messagePath], { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir } });
      const [stdout, stderr, exit] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
      if (exit !== 0) throw new Error(`sieve-test ${scriptPath} ${messagePath} exited with ${exit}:\n${stderr}${stdout}`);
      return parseSieveTestOutput(stdout);
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The "Performed actions" and "Implicit keep" sections of sieve-test's
 * report. Any line not understood throws: a silent misreading would make
 * the equivalence test agree with anything.
 */
export function parseSieveTestOutput(output: string): SieveActions {
  const result: SieveActions = { stored: new Map(), discard: false };
  let section: "none" | "performed" | "implicit" = "none";
  let last: string | undefined;
  const store = (folder: string) => {
    last = folder;
    if (!result.stored.has(folder)) result.stored.set(folder, []);
  };
  for (const line of output.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (trimmed === "Performed actions:") section = "performed";
    else if (trimmed === "Implicit keep:") section = "implicit";
    else if (trimmed === "(none)") last = undefined;
    else if (section === "none") throw new Error(`sieve-test printed an unknown line before its report: ${line}\n${output}`);
    else if (trimmed.startsWith("* store message in folder: ")) store(trimmed.slice("* store message in folder: ".length));
    else if (trimmed === "* keep") store("INBOX");
    else if (trimmed === "* discard") {
      result.discard = true;
      last = undefined;
    } else if (trimmed.startsWith("+ add IMAP flags: ")) {
      if (last === undefined) throw new Error(`sieve-test printed flags without a stored message: ${line}\n${output}`);
      const flags = trimmed.slice("+ add IMAP flags: ".length).split(/\s+/).filter(Boolean);
      result.stored.set(last, [...new Set([...result.stored.get(last)!, ...flags.map((flag) => flag.toLowerCase())])].sort());
    } else throw new Error(`sieve-test printed a line this reader does not know: ${line}\n${output}`);
  }
  if (section === "none") throw new Error(`sieve-test printed no report:\n${output}`);
  return result;
}
