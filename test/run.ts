/**
 * The test command (`npm test`): first checks formatting, lint rules and the
 * import boundaries (`npm run lint`, biome.json), then makes sure the real
 * services the tests use are installed, runs `bun test` with a JUnit report,
 * and ends with one line "N passed, M failed", keeping bun's exit code. A lint
 * or formatting finding counts as one failed test and is named on that line.
 *
 * Extra arguments go to `bun test` (a file or `-t pattern`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const PROJECT_DIR = join(import.meta.dir, "..");
/** Per run, so runs started side by side do not read each other's report; renamed to junit.xml at the end. */
const REPORT = join(PROJECT_DIR, "test-results", `junit-${process.pid}.xml`);
const FINAL_REPORT = join(PROJECT_DIR, "test-results", "junit.xml");
/** Per test; whole-run time is kept down by the tests themselves, not by this. */
const TEST_TIMEOUT_MS = 120_000;

/** System packages the tests need, by the binary that proves they are there. */
const SYSTEM_PACKAGES = [
  { binary: "/usr/sbin/dovecot", packages: ["dovecot-imapd", "openssl"], what: "Dovecot (IMAP server for the sync tests)" },
  { binary: "/usr/bin/chromium", packages: ["chromium"], what: "Chromium (browser for the UI tests)" },
  { binary: "/usr/bin/sieve-test", packages: ["dovecot-sieve"], what: "Pigeonhole sieve-test (Sieve equivalence tests)" },
];

async function run(command: string[]): Promise<number> {
  return await Bun.spawn(command, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).exited;
}

async function ensureSystemPackages(): Promise<void> {
  const missing = SYSTEM_PACKAGES.filter((entry) => !existsSync(entry.binary));
  if (missing.length === 0) return;
  const packages = missing.flatMap((entry) => entry.packages);
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    process.stderr.write(`missing ${missing.map((entry) => entry.what).join(", ")}: install the Debian packages ${packages.join(" ")} (apt-get install ${packages.join(" ")})\n`);
    process.exit(1);
  }
  process.stdout.write(`installing ${packages.join(" ")} with apt-get…\n`);
  const ok = (await run(["apt-get", "update", "-qq"])) === 0 && (await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages])) === 0;
  if (!ok || missing.some((entry) => !existsSync(entry.binary))) {
    process.stderr.write(`could not install ${packages.join(" ")} with apt-get; install them and run the tests again\n`);
    process.exit(1);
  }
}

/** `npm run lint` (one definition, in package.json); true when the tree is clean. */
async function lint(): Promise<boolean> {
  process.stdout.write("lint: npm run lint (biome: formatting, lint rules, import boundaries)\n");
  const exit = await Bun.spawn([process.execPath, "run", "--silent", "lint"], { cwd: PROJECT_DIR, stdio: ["ignore", "inherit", "inherit"] }).exited;
  if (exit !== 0) process.stderr.write("lint failed: see the findings above; `npm run lint:fix` and `npm run format` fix what can be fixed automatically\n");
  return exit === 0;
}

function readReport(xml: string | undefined): { tests: number; failures: number; skipped: number } | undefined {
  if (xml === undefined) return undefined;
  const head = /<testsuites\b([^>]*)>/.exec(xml)?.[1] ?? "";
  const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
  return { tests: attribute("tests"), failures: attribute("failures") + attribute("errors"), skipped: attribute("skipped") };
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(#\d+|[a-z]+);/g, (entity, name: string) => (name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : (XML_ENTITIES[name] ?? entity)));

/**
 * Each failed test again at the very end, with its error and where it was
 * thrown (from the JUnit report): CI keeps only the tail of a run's output,
 * and bun prints a failure's details next to the test, far above it.
 */
function printFailures(xml: string | undefined): void {
  if (xml === undefined) return;
  const failures = xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"[^>]*file="([^"]*)"[^>]*>\s*<(?:failure|error)\b[^>]*>([^<]*)</g);
  for (const [, name, suite, file, details] of failures) {
    const title = [suite, name]
      .filter(Boolean)
      .map((part) => unescapeXml(part!))
      .join(" > ");
    process.stdout.write(`\nfailed: ${title} (${file})\n${unescapeXml(details!).slice(0, 2000).trimEnd()}\n`);
  }
}

const lintClean = await lint();
await ensureSystemPackages();
rmSync(REPORT, { force: true });
mkdirSync(join(PROJECT_DIR, "test-results"), { recursive: true });
const bunExit = await run([
  process.execPath,
  "--no-env-file", // a developer's .env (DATABASE_URL…) must not leak into tests
  "test",
  `--timeout=${TEST_TIMEOUT_MS}`,
  "--reporter=junit",
  `--reporter-outfile=${REPORT}`,
  ...process.argv.slice(2),
]);

const reportXml = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : undefined;
const report = readReport(reportXml);
printFailures(reportXml);
if (existsSync(REPORT)) renameSync(REPORT, FINAL_REPORT);
const LINT_NOTE = "lint failed, counted as 1 failed: run `npm run lint`";
if (!report) {
  process.stdout.write(`0 passed, ${lintClean ? 1 : 2} failed (bun test wrote no report; it exited with code ${bunExit}${lintClean ? "" : `; ${LINT_NOTE}`})\n`);
  process.exit(bunExit || 1);
}
const passed = report.tests - report.failures - report.skipped;
let failed = report.failures;
const notes: string[] = [];
if (report.skipped > 0) {
  // A skipped test hides whatever it would have caught: it counts against the run.
  failed += report.skipped;
  notes.push(`${report.skipped} skipped, counted as failed`);
}
if (bunExit !== 0 && failed === 0) {
  failed = 1;
  notes.push(`bun test exited with code ${bunExit}: an error outside any test, see above`);
}
if (!lintClean) {
  // Formatting, a lint rule or an import boundary: CI fails on it like on a failed test.
  failed += 1;
  notes.push(LINT_NOTE);
}
process.stdout.write(`\n${passed} passed, ${failed} failed${notes.length ? ` (${notes.join("; ")})` : ""}\n`);
process.exit(failed > 0 ? bunExit || 1 : 0);
