/**
 * `bun run bench:classify`: the local analyser (src/analysis/local/) on the
 * SpamAssassin corpus (6,046 real messages), in one run:
 *
 *   - messages per second of the analysis step alone (one core: per CPU
 *     second of the analysing thread, and wall clock) and including parsing
 *     (the parse worker pool, as sync uses it; wall clock);
 *   - spam-vs-ham accuracy and the share of ham flagged as spam on the fixed
 *     split (./spam-split.ts: md5 order, even positions train, odd test),
 *     with the shipped prior (trained on the train half only) and no
 *     learning, beside bogofilter trained and tested on the same split, in
 *     its default mode and with `-o 0.5,0.5` (unsure counts as ham);
 *   - a learning curve: starting from the prior, each test message is
 *     predicted, then its true label learned (the user's correction);
 *   - the rows of issue 14's table on the development set (./dev-set.ts):
 *     modern German and English phishing, newsletters, personal mail and
 *     notifications, beside the SpamAssassin row above.
 *
 * Prints figures and whether each goal is met; asserts nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyseLocally, emptyUserModel, learnCorrection } from "../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../src/analysis/local/input.ts";
import { decodeSpamPrior, SPAM_PRIOR_PATH } from "../src/analysis/local/spam-model.ts";
import type { AnalysisInput } from "../src/analysis/types.ts";
import { PARSE_WORKERS } from "../src/limits.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import type { SpamAssassinMessage } from "../test/support/spamassassin.ts";
import { printDevSetRows } from "./dev-set.ts";
import { describeMachine, mainThreadCpuMillis } from "./machine.ts";
import { spamAssassinSplit } from "./spam-split.ts";

const BOGOFILTER = "/usr/bin/bogofilter";
const CURVE_POINTS = [10, 50, 200, 1000];
/** Goals; the accuracy goal is this run's own bogofilter -o 0.5,0.5 figure. */
const GOAL_RATE = 1000;
const GOAL_CURVE_AFTER_50 = 0.85;

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;
const rate = (count: number, millis: number) => Math.round(count / (millis / 1000));

interface Outcome {
  accuracy: number;
  hamFlagged: number;
  hamFlaggedRate: number;
  spamCaught: number;
}

function outcome(saysSpam: boolean[], messages: readonly SpamAssassinMessage[]): Outcome {
  let right = 0;
  let hamFlagged = 0;
  let ham = 0;
  let spamCaught = 0;
  saysSpam.forEach((spam, index) => {
    const truth = messages[index]!.label === "spam";
    if (spam === truth) right++;
    if (!truth) ham++;
    if (!truth && spam) hamFlagged++;
    if (truth && spam) spamCaught++;
  });
  return { accuracy: right / messages.length, hamFlagged, hamFlaggedRate: hamFlagged / ham, spamCaught: spamCaught / (messages.length - ham) };
}

async function ensureBogofilter(): Promise<boolean> {
  if (existsSync(BOGOFILTER)) return true;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) return false;
  console.log("installing bogofilter with apt-get…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = async (command: string[]) => (await Bun.spawn(command, { stdio: ["ignore", "ignore", "inherit"], env }).exited) === 0;
  return (await run(["apt-get", "update", "-qq"])) && (await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "bogofilter"])) && existsSync(BOGOFILTER);
}

/** bogofilter on the same split: registers the train half in bulk mode, classifies the test half with and without options. */
function bogofilter(train: readonly SpamAssassinMessage[], test: readonly SpamAssassinMessage[], modes: string[][]): Outcome[] {
  const dir = mkdtempSync(join(tmpdir(), "mh-bench-bogofilter-"));
  try {
    const write = (half: string, messages: readonly SpamAssassinMessage[]) => {
      mkdirSync(join(dir, half));
      return messages.map((message, index) => {
        const file = join(dir, half, String(index));
        writeFileSync(file, message.raw);
        return file;
      });
    };
    const trainFiles = write("train", train);
    const testFiles = write("test", test);
    const database = join(dir, "db");
    mkdirSync(database);
    const run = (args: string[]) => {
      const result = Bun.spawnSync([BOGOFILTER, "-d", database, ...args]);
      if (result.exitCode === 3) throw new Error(`bogofilter ${args[0]} failed: ${result.stderr.toString()}`);
      return result.stdout.toString();
    };
    run(["-n", "-B", ...trainFiles.filter((_, index) => train[index]!.label !== "spam")]);
    run(["-s", "-B", ...trainFiles.filter((_, index) => train[index]!.label === "spam")]);
    return modes.map((options) => {
      const lines = run([...options, "-T", "-B", ...testFiles])
        .trim()
        .split("\n");
      if (lines.length !== test.length) throw new Error(`bogofilter classified ${lines.length} of ${test.length} messages`);
      // "-T": "<file> S|H|U <score>"; unsure (U) counts as ham.
      return outcome(
        lines.map((line) => line.split(/\s+/)[1] === "S"),
        test,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench:classify on ${describeMachine()}, load ${(await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ")}`);
const { train, test } = await spamAssassinSplit();
const all = [...train, ...test];

const priorBytes = await Bun.file(SPAM_PRIOR_PATH).bytes();
const priorStarted = performance.now();
decodeSpamPrior(priorBytes);
console.log(`shipped prior: ${(priorBytes.byteLength / 1024).toFixed(0)} KiB, decoded in ${(performance.now() - priorStarted).toFixed(1)} ms`);

// Parse once for the analysis-only figures (and warm the pool up).
const parsed = await Promise.all(all.map((message) => parseMessage(message.raw)));
const inputs: AnalysisInput[] = parsed.map((message) => analysisInputFromParsed(message));
const model = emptyUserModel();
for (const input of inputs.slice(0, 2000)) analyseLocally(input, model); // JIT warm-up

let analysisMillis = Infinity;
let analysisCpuMillis = Infinity;
for (let round = 0; round < 3; round++) {
  const cpu = mainThreadCpuMillis();
  const started = performance.now();
  for (const input of inputs) analyseLocally(input, model);
  analysisMillis = Math.min(analysisMillis, performance.now() - started);
  analysisCpuMillis = Math.min(analysisCpuMillis, mainThreadCpuMillis() - cpu);
}
let endToEndMillis = Infinity;
for (let round = 0; round < 3; round++) {
  const started = performance.now();
  await Promise.all(all.map(async (message) => analyseLocally(analysisInputFromParsed(await parseMessage(message.raw)), model)));
  endToEndMillis = Math.min(endToEndMillis, performance.now() - started);
}
await closeParsePool();
const analysisRate = rate(all.length, analysisCpuMillis);
console.log(`\nthroughput on all ${all.length.toLocaleString("en")} messages (best of 3):`);
console.log(
  `  analysis step alone, one core           ${analysisRate.toLocaleString("en").padStart(7)} msg/s per CPU second of its thread (${((analysisCpuMillis * 1000) / all.length).toFixed(0)} µs/msg)`,
);
console.log(`  analysis step alone, wall clock         ${rate(all.length, analysisMillis).toLocaleString("en").padStart(7)} msg/s  (shared machine: load above)`);
console.log(`  parse (pool of ${Math.min(PARSE_WORKERS, navigator.hardwareConcurrency)}) + analysis         ${rate(all.length, endToEndMillis).toLocaleString("en").padStart(7)} msg/s`);

const testInputs = inputs.slice(train.length);
const analyser = outcome(
  testInputs.map((input) => analyseLocally(input, emptyUserModel()).analysis.spam.value),
  test,
);

let bogo: Outcome[] | undefined;
if (await ensureBogofilter()) bogo = bogofilter(train, test, [[], ["-o", "0.5,0.5"]]);
else console.log("\nbogofilter is not installed: install it with `apt-get install bogofilter` (Debian/Ubuntu) to compare.");

const hams = test.filter((message) => message.label !== "spam").length;
console.log(
  `\nspam vs ham on the test half (${test.length.toLocaleString("en")} messages: ${hams} ham, ${test.length - hams} spam), trained on the train half (${train.length.toLocaleString("en")}):`,
);
console.log(`  ${"".padEnd(34)} ${"accuracy".padStart(9)} ${"ham flagged".padStart(16)} ${"spam caught".padStart(12)}`);
const row = (label: string, figures: Outcome) =>
  console.log(
    `  ${label.padEnd(34)} ${percent(figures.accuracy).padStart(9)} ${`${percent(figures.hamFlaggedRate)} (${figures.hamFlagged})`.padStart(16)} ${percent(figures.spamCaught).padStart(12)}`,
  );
row("local analyser (shipped prior)", analyser);
if (bogo) {
  row("bogofilter, default (unsure = ham)", bogo[0]!);
  row("bogofilter -o 0.5,0.5", bogo[1]!);
}

// Learning curve: predict, then learn the true label, message by message, from the prior.
const learner = emptyUserModel();
const right: boolean[] = [];
testInputs.forEach((input, index) => {
  const { analysis, features } = analyseLocally(input, learner);
  const truth = test[index]!.label === "spam";
  right.push(analysis.spam.value === truth);
  learnCorrection(learner, features, "spam", truth);
});
const accuracyOfFirst = (count: number) => right.slice(0, count).filter(Boolean).length / Math.min(count, right.length);
console.log(`\nlearning curve (from the shipped prior, learning each true label after predicting it), accuracy over the first n test messages:`);
console.log(`  ${[...CURVE_POINTS, right.length].map((count) => `${count.toLocaleString("en")}: ${percent(accuracyOfFirst(count))}`).join("   ")}`);

// Issue 14's rows on modern mail, beside the SpamAssassin row above.
await printDevSetRows();
await closeParsePool();

const goals: [string, boolean | undefined][] = [
  [`analysis step ≥ ${GOAL_RATE.toLocaleString("en")} msg/s (${analysisRate.toLocaleString("en")})`, analysisRate >= GOAL_RATE],
  [`accuracy ≥ bogofilter -o 0.5,0.5 (${percent(analyser.accuracy)} vs ${bogo ? percent(bogo[1]!.accuracy) : "?"})`, bogo ? analyser.accuracy >= bogo[1]!.accuracy : undefined],
  [`ham flagged ≤ bogofilter -o 0.5,0.5 (${analyser.hamFlagged} vs ${bogo ? bogo[1]!.hamFlagged : "?"})`, bogo ? analyser.hamFlagged <= bogo[1]!.hamFlagged : undefined],
  [`learning curve > ${GOAL_CURVE_AFTER_50 * 100} % after 50 corrections (${percent(accuracyOfFirst(50))})`, accuracyOfFirst(50) > GOAL_CURVE_AFTER_50],
];
console.log("\ngoals:");
for (const [goal, met] of goals) console.log(`  ${met === undefined ? "not measured" : met ? "met    " : "MISSED "}  ${goal}`);
