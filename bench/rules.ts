/**
 * Rule evaluation speed: 100 typical rules (sender, subject and body tests,
 * wildcards, 15 regexes, AI results, nested groups) over 10,000 synthetic
 * messages held in memory, as messages × rules per second. Baselines in the
 * same run: the 15 regex conditions alone through RE2 (re2js, what rules
 * use) and through JavaScript's RegExp (backtracking: fast on these safe
 * patterns, which is the price of safety RE2 pays), and one catastrophic
 * pattern, `(a+)+$`, through both: RE2 on 50,000 a's, RegExp on only a few
 * dozen (it doubles with every a).
 *
 * Dry-run: each of the 100 rules alone over DRY_RUN_MAX_MESSAGES messages
 * in memory, and a sample of them through src/rules/dry-run.ts on an
 * embedded PostgreSQL seeded with that many messages of the last 30 days
 * (bench/seed-messages.ts), so the figure includes the query and the
 * decryption.
 *
 * Peer: Pigeonhole's `sieve-test` (Dovecot's Sieve interpreter) on the
 * same rules exported as Sieve (the rules Sieve can say; the others are
 * comments) and a sample of the same messages as RFC 5322 files, one
 * process per message as Dovecot runs a script per delivery; its fixed
 * cost per run (start, compile, read the message) is measured with an
 * empty script and reported apart. Skipped, with the reason, when
 * /usr/bin/sieve-test is absent (Debian: dovecot-sieve).
 *
 *   bun run bench:rules
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RE2JS } from "re2js";
import { createUser } from "../src/auth/users.ts";
import { loadConfig } from "../src/config.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { log, setLogLevel } from "../src/log.ts";
import { dryRunRule } from "../src/rules/dry-run.ts";
import { DRY_RUN_MAX_MESSAGES } from "../src/rules/limits.ts";
import { exportSieve } from "../src/rules/sieve-export.ts";
import { createSieveTester, SIEVE_TEST } from "../test/support/sieve-test.ts";
import type { Category } from "../src/analysis/types.ts";
import { compileRules, evaluateRules, type EvaluableRule } from "../src/rules/evaluate.ts";
import type { MessageView } from "../src/rules/message-view.ts";
import { parseRuleDefinition, type Condition } from "../src/rules/rule-schema.ts";
import { describeMachine, percentile } from "./machine.ts";
import { seedMessages } from "./seed-messages.ts";

const MESSAGES = 10_000;
const RULES = 100;

/** A fixed pseudo-random sequence (mulberry32), so every run measures the same work. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(17);
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

const SENDERS = [
  "rechnung@stadtwerke-koeln.de",
  "newsletter@shop.example",
  "prof.weiss@uni-koeln.de",
  "noreply@github.com",
  "anna.mueller@firma.example",
  "service@bank.example",
  "info@verein.example",
];
const SUBJECTS = [
  "Ihre Rechnung Nr. 2026-0042",
  "Wochenbericht KW 12",
  "Einladung: Sitzung am Freitag",
  "[GitHub] New issue opened",
  "Newsletter März – Angebote",
  "Prüfungsanmeldung Sommersemester",
  "Re: Grüße aus Köln",
  "Ihr Kontoauszug ist da",
];
const WORDS = "der die das und ist nicht mit für auf Rechnung Betrag Frist Anhang bitte Termin Sitzung Grüße Straße Prüfung Konto überweisen Vertrag Kündigung Angebot".split(" ");
const CATEGORIES: Category[] = ["action_required", "urgent", "information", "newsletter", "notification", "social", "personal"];

function syntheticMessage(index: number): MessageView {
  const from = pick(SENDERS);
  const body = Array.from({ length: 150 + Math.floor(rand() * 400) }, () => pick(WORDS)).join(" ");
  return {
    id: `m${index}`,
    accountId: "account",
    subject: pick(SUBJECTS),
    from: [{ name: from.split("@")[0]!.replace(/[._]/g, " "), address: from }],
    to: [{ name: "", address: "me@example.org" }],
    cc: rand() < 0.2 ? [{ name: "Kollege", address: "kollege@firma.example" }] : [],
    replyTo: [],
    listId: from.startsWith("newsletter") ? "<angebote.shop.example>" : null,
    rawHeaders: `From: ${from}\r\nX-Mailer: Bench\r\nX-Spam-Flag: ${rand() < 0.1 ? "YES" : "NO"}\r\n`,
    body,
    size: body.length + 800,
    date: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 90) * 86_400_000),
    storedAt: new Date(Date.UTC(2026, 3, 1)),
    hasAttachments: rand() < 0.3,
    attachments: rand() < 0.3 ? [{ filename: "Rechnung.pdf", contentType: "application/pdf" }] : [],
    folderIds: ["inbox"],
    tagIds: [],
    analysis: {
      category: pick(CATEGORIES),
      spam: rand() < 0.1,
      newsletter: from.startsWith("newsletter"),
      phishing: false,
      urgency: pick([1, 2, 3] as const),
      importance: pick([1, 2, 3] as const),
      language: "de",
    },
    vip: rand() < 0.05,
  };
}

const REGEXES = [
  "rechnung\\s+nr\\.?\\s*\\d{4}-\\d{4}",
  "^\\[github\\]",
  "kw\\s*\\d{1,2}",
  "(?:frist|termin)\\s+\\w+",
  "\\b\\d{2}\\.\\d{2}\\.\\d{4}\\b",
  "iban[: ]+de\\d{20}",
  "prüfung(?:s|en)?anmeldung",
  "(?:angebot|rabatt)\\w*",
  "@uni-[a-z]+\\.de$",
  "kündigung\\s+zum",
  "betrag\\s+\\d+,\\d{2}",
  "^re:\\s",
  "sitzung am (?:montag|dienstag|mittwoch|donnerstag|freitag)",
  "[a-z]+@(?:bank|sparkasse)\\.",
  "überweisen\\s+sie",
];

function typicalRules(): EvaluableRule[] {
  const conditions: Condition[] = [];
  for (const pattern of REGEXES) conditions.push({ type: "text", field: pattern.includes("@") ? "from" : pick(["subject", "body"] as const), match: "regex", value: pattern });
  while (conditions.length < RULES) {
    const kind = conditions.length % 7;
    if (kind === 0) conditions.push({ type: "text", field: "from", match: "contains", value: pick(SENDERS).split("@")[1]! });
    else if (kind === 1) conditions.push({ type: "text", field: "subject", match: "contains", value: pick(WORDS) });
    else if (kind === 2) conditions.push({ type: "text", field: "from", match: "matches", value: `*@${pick(SENDERS).split("@")[1]!.split(".")[0]}*` });
    else if (kind === 3)
      conditions.push({
        type: "all",
        conditions: [
          { type: "category", value: pick(CATEGORIES) },
          { type: "not", condition: { type: "vip-sender" } },
        ],
      });
    else if (kind === 4)
      conditions.push({
        type: "any",
        conditions: [
          { type: "text", field: "body", match: "contains", value: pick(WORDS) },
          { type: "has-attachment", fileType: "pdf" },
        ],
      });
    else if (kind === 5)
      conditions.push({
        type: "all",
        conditions: [
          { type: "header", name: "X-Spam-Flag", match: "is", value: "yes" },
          { type: "age", op: "gt", days: 30 },
        ],
      });
    else
      conditions.push({
        type: "any",
        conditions: [
          { type: "text", field: "list-id", match: "contains", value: "shop" },
          { type: "traffic-light", value: "red" },
        ],
      });
  }
  return conditions.map((condition, index) => {
    const parsed = parseRuleDefinition({ condition, actions: [{ type: "flag" }, { type: "add-tag", tagId: "00000000-0000-4000-8000-000000000001" }] });
    if (!parsed.ok) throw new Error(`rule ${index}: ${parsed.message}`);
    return { id: `r${index}`, mode: "act", accountIds: null, folderIds: null, definition: parsed.definition };
  });
}

const messages = Array.from({ length: MESSAGES }, (_, index) => syntheticMessage(index));
const rules = typicalRules();
const now = new Date(Date.UTC(2026, 3, 1));

console.log(`machine: ${describeMachine()}`);
console.log(`${RULES} rules (${REGEXES.length} regex) over ${MESSAGES.toLocaleString("en")} synthetic messages, in memory\n`);

const compileStart = performance.now();
const compiled = compileRules(rules);
const compileMs = performance.now() - compileStart;

// One warm-up pass, then the measured one.
for (const message of messages.slice(0, 500)) evaluateRules(compiled, message, now);
let matched = 0;
const evalStart = performance.now();
for (const message of messages) matched += evaluateRules(compiled, message, now).outcomes.filter((outcome) => outcome.matched).length;
const evalMs = performance.now() - evalStart;
const pairs = MESSAGES * RULES;
console.log(`compile ${RULES} rules                   ${compileMs.toFixed(1).padStart(9)} ms`);
console.log(
  `evaluate (all rules, every message)     ${evalMs.toFixed(0).padStart(9)} ms   ${Math.round(pairs / (evalMs / 1000))
    .toLocaleString("en")
    .padStart(12)} message×rule/s   ${Math.round(MESSAGES / (evalMs / 1000)).toLocaleString("en")} msg/s   (${matched.toLocaleString("en")} matches)`,
);

// The regex conditions alone, RE2 against RegExp, on the same texts.
const texts = messages.map((message) => `${message.subject}\n${message.body}`);
const re2 = REGEXES.map((pattern) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE));
const js = REGEXES.map((pattern) => new RegExp(pattern, "iu"));
const time = (work: () => number) => {
  const start = performance.now();
  const found = work();
  return { ms: performance.now() - start, found };
};
const withRe2 = time(() => texts.reduce((sum, text) => sum + re2.filter((pattern) => pattern.test(text)).length, 0));
const withJs = time(() => texts.reduce((sum, text) => sum + js.filter((pattern) => pattern.test(text)).length, 0));
const rate = (ms: number) =>
  Math.round((texts.length * REGEXES.length) / (ms / 1000))
    .toLocaleString("en")
    .padStart(12);
console.log(`\n${REGEXES.length} regexes alone, ${MESSAGES.toLocaleString("en")} texts (avg ${Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length)} chars):`);
console.log(`  RE2 (re2js test(), used by rules)     ${withRe2.ms.toFixed(0).padStart(9)} ms   ${rate(withRe2.ms)} text×regex/s   (${withRe2.found} found)`);
console.log(`  baseline: JS RegExp (backtracking)    ${withJs.ms.toFixed(0).padStart(9)} ms   ${rate(withJs.ms)} text×regex/s   (${withJs.found} found)`);

// The catastrophic pattern.
const evil = "(a+)+$";
const longInput = `${"a".repeat(50_000)}b`;
const re2Evil = time(() => Number(RE2JS.compile(evil).test(longInput)));
console.log(`\n${evil}:`);
console.log(`  RE2 on 50,000 a's + b                 ${re2Evil.ms.toFixed(1).padStart(9)} ms   (found: ${Boolean(re2Evil.found)})`);
for (const n of [20, 22, 24]) {
  const jsEvil = time(() => Number(new RegExp(evil).test(`${"a".repeat(n)}b`)));
  console.log(`  baseline: JS RegExp on ${n} a's + b     ${jsEvil.ms.toFixed(1).padStart(9)} ms   (doubles with every a: 50,000 would never end)`);
}

// Dry-run in memory: each rule alone (as dry-run.ts evaluates it) over DRY_RUN_MAX_MESSAGES messages.
const dryMessages = messages.slice(0, DRY_RUN_MAX_MESSAGES);
const dryTimes: number[] = [];
for (const rule of rules) {
  const start = performance.now();
  const single = compileRules([rule]);
  for (const message of dryMessages) evaluateRules(single, message, now);
  dryTimes.push(performance.now() - start);
}
const sortedDry = [...dryTimes].sort((a, b) => a - b);
console.log(`\ndry-run, each of ${RULES} rules alone over ${dryMessages.length.toLocaleString("en")} messages:`);
console.log(
  `  in memory (evaluation only)           mean ${(dryTimes.reduce((a, b) => a + b, 0) / dryTimes.length).toFixed(2).padStart(7)} ms   p50 ${percentile(sortedDry, 50).toFixed(2)} ms   max ${sortedDry.at(-1)!.toFixed(2)} ms`,
);

// Dry-run on a seeded database: the query, decrypting the views, the evaluation.
setLogLevel("warn");
const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-rules-"));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const db = await openDatabase(config, log);
try {
  await migrate(db.sql, db.url, log);
  const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
  const { user, dataKey } = await createUser(db.sql, keyring, { email: "bench@example.org", password: "Bench Fahrrad Wolke Tasse", role: "user" });
  const dbNow = new Date();
  await seedMessages(db.sql, { userId: user.id, dataKey, count: DRY_RUN_MAX_MESSAGES, accounts: 1, now: dbNow });
  // All within the dry-run's 30 days, so it examines all of them.
  await db.sql`update messages set received_at = ${dbNow}::timestamptz - (random() * interval '29 days') where user_id = ${user.id}`;
  const kinds: [string, Condition][] = [
    ["sender contains", { type: "text", field: "from", match: "contains", value: "mueller" }],
    ["subject regex", { type: "text", field: "subject", match: "regex", value: "rechnung\\s+nr\\.?\\s*\\d+" }],
    ["body contains (decrypts bodies)", { type: "text", field: "body", match: "contains", value: "termin" }],
    ["header is (decrypts raw headers)", { type: "header", name: "X-Spam-Flag", match: "is", value: "yes" }],
    ["category and not VIP", rules[3]!.definition.condition],
  ];
  console.log(`  on PostgreSQL (${DRY_RUN_MAX_MESSAGES.toLocaleString("en")} seeded messages, src/rules/dry-run.ts, 5 runs each):`);
  for (const [name, condition] of kinds) {
    const definition = { condition, actions: [{ type: "flag" as const }] };
    await dryRunRule(db.sql, dataKey, user.id, { definition, accountIds: null, folderIds: null }, dbNow);
    const times: number[] = [];
    let result = { examined: 0, matched: 0 };
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      result = await dryRunRule(db.sql, dataKey, user.id, { definition, accountIds: null, folderIds: null }, dbNow);
      times.push(performance.now() - start);
    }
    const sorted = times.sort((a, b) => a - b);
    console.log(
      `    ${name.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(0).padStart(5)} ms   max ${sorted.at(-1)!.toFixed(0).padStart(5)} ms   (${result.examined} examined, ${result.matched} matched)`,
    );
  }
} finally {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// The peer: Pigeonhole's sieve-test on the same rules, exported, and a sample of the same messages.
const PEER_SAMPLE = 200;
const mime = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`);
function rawMessage(view: MessageView): string {
  const address = (entries: MessageView["from"]) => entries.map((entry) => (entry.name ? `${mime(entry.name)} <${entry.address}>` : entry.address)).join(", ");
  const headers = [
    `From: ${address(view.from)}`,
    `To: ${address(view.to)}`,
    ...(view.cc.length > 0 ? [`Cc: ${address(view.cc)}`] : []),
    `Subject: ${mime(view.subject)}`,
    `Date: ${view.date.toUTCString().replace("GMT", "+0000")}`,
    ...(view.listId ? [`List-Id: ${view.listId}`] : []),
    ...view.rawHeaders.split("\r\n").filter((line) => line && !line.startsWith("From:")),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${view.body}\r\n`;
}

console.log("\npeer: Pigeonhole sieve-test, the same rules exported as Sieve:");
if (!existsSync(SIEVE_TEST)) {
  console.log(`  skipped: ${SIEVE_TEST} is not installed (Debian package dovecot-sieve), so there is no peer figure`);
} else {
  const tester = createSieveTester();
  try {
    const script = exportSieve(
      rules.map((rule) => ({ name: rule.id, enabled: true, mode: "act" as const, definition: rule.definition })),
      { folderPath: () => undefined, tagKeyword: () => "bench" },
    );
    const exported = script.split("\n").filter((line) => line.startsWith("if ")).length;
    const scriptPath = tester.writeScript("rules", script);
    const emptyPath = tester.writeScript("empty", "keep;\n");
    const sample = messages.slice(0, PEER_SAMPLE);
    const paths = sample.map((view, index) => tester.writeMessage(`m${index}`, rawMessage(view)));
    await tester.run(scriptPath, paths[0]!);
    // Interleaved per message (empty, then full), medians: machine load shifts both alike instead of one run.
    const emptyTimes: number[] = [];
    const fullTimes: number[] = [];
    for (const message of paths) {
      let start = performance.now();
      await tester.run(emptyPath, message);
      emptyTimes.push(performance.now() - start);
      start = performance.now();
      await tester.run(scriptPath, message);
      fullTimes.push(performance.now() - start);
    }
    const median = (times: number[]) =>
      percentile(
        [...times].sort((x, y) => x - y),
        50,
      );
    const fixedMs = median(emptyTimes) * paths.length;
    const fullMs = median(fullTimes) * paths.length;
    // Ours on the same rules (those that export) and the same sample.
    const exportable = compileRules(
      rules.filter(
        (rule) => !/^# left out/m.test(exportSieve([{ name: rule.id, enabled: true, mode: "act", definition: rule.definition }], { folderPath: () => undefined, tagKeyword: () => "bench" })),
      ),
    );
    const ourStart = performance.now();
    for (let round = 0; round < 20; round++) for (const view of sample) evaluateRules(exportable, view, now);
    const ourMs = (performance.now() - ourStart) / 20;
    const perMessage = (ms: number) => (ms / sample.length).toFixed(2).padStart(7);
    const pairRate = (ms: number, ruleCount: number) =>
      Math.round((sample.length * ruleCount) / (ms / 1000))
        .toLocaleString("en")
        .padStart(12);
    console.log(`  ${exported} of ${RULES} rules export as code (the rest test the AI's results, the VIP list or age: comments); ${sample.length} messages, one sieve-test run each`);
    console.log(`  sieve-test, whole run                 ${perMessage(fullMs)} ms/msg   ${pairRate(fullMs, exported)} message×rule/s`);
    console.log(`  sieve-test, fixed cost (empty script)  ${perMessage(fixedMs)} ms/msg   (process start, config, compile, read the message)`);
    const rulesMs = fullMs - fixedMs;
    // Below a tenth of the fixed cost the difference is noise, not a rate.
    if (rulesMs > fixedMs * 0.1) console.log(`  sieve-test, the rules alone           ${perMessage(rulesMs)} ms/msg   ${pairRate(rulesMs, exported)} message×rule/s`);
    else console.log(`  sieve-test, the rules alone           within noise: under a tenth of the fixed cost per message`);
    console.log(`  ours, the same ${exported} rules, in memory   ${perMessage(ourMs)} ms/msg   ${pairRate(ourMs, exported)} message×rule/s`);
  } finally {
    tester.close();
  }
}
