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
 * Not measured here: a dry-run on a seeded database (the next step of the
 * bench; dry-run cost is decrypting up to DRY_RUN_MAX_MESSAGES messages
 * plus this evaluation).
 *
 *   bun run bench:rules
 */
import { RE2JS } from "re2js";
import type { Category } from "../src/analysis/types.ts";
import { compileRules, evaluateRules, type EvaluableRule } from "../src/rules/evaluate.ts";
import type { MessageView } from "../src/rules/message-view.ts";
import { parseRuleDefinition, type Condition } from "../src/rules/rule-schema.ts";
import { describeMachine } from "./machine.ts";

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
