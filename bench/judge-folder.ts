/**
 * Judges every .eml under a folder that holds mail of one kind (phishing by
 * default) through the product's local analysis with a fresh user, and
 * prints the issue-14 rows that kind allows, then each miss with its
 * reasons. For mail the project may not ship (a collection of real
 * phishing under a research licence, your own Junk folder exported as
 * .eml): `bun bench/judge-folder.ts <folder> [--own you@example.org]
 * [--kind phishing|newsletter|personal] [--bare]`. `--bare` takes out what
 * the receiving server said (authentication results and its spam filter's
 * headers), to see what the analyser finds in the message itself. A file's
 * language is its name's prefix up to the first "-" when that is two
 * letters (de-…, en-…).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { analyseLocally, emptyUserModel } from "../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../src/analysis/local/input.ts";
import type { Analysis } from "../src/analysis/types.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import { red, share } from "./dev-set.ts";
import { withoutHeaders } from "./probe-no-auth.ts";

/** What the receiving server recorded: authentication results and spam-filter verdicts (src/analysis/local/server-verdict.ts). */
const SERVER_SAID =
  /^(authentication-results|arc-authentication-results|received-spf|x-spam[a-z-]*|x-rspamd-[a-z-]*|x-ms-exchange-organization-scl|x-forefront-antispam-report|x-microsoft-antispam[a-z-]*|x-ui-filterresults):/i;

const { values, positionals } = parseArgs({
  args: Bun.argv.slice(2),
  allowPositionals: true,
  options: { own: { type: "string", default: "phishing@pot" }, kind: { type: "string", default: "phishing" }, bare: { type: "boolean", default: false } },
});
const folder = positionals[0];
if (!folder) throw new Error("usage: bun bench/judge-folder.ts <folder> [--own address] [--kind phishing|newsletter|personal]");

function emlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return emlFiles(path);
      return name.endsWith(".eml") ? [path] : [];
    });
}

const languageOf = (path: string) => /^([a-z]{2})-/.exec(relative(folder, path).split("/").pop()!)?.[1] ?? "other";

const judged: { file: string; language: string; analysis: Analysis }[] = [];
for (const path of emlFiles(folder)) {
  const raw = new Uint8Array(readFileSync(path));
  const parsed = await parseMessage(values.bare ? withoutHeaders(raw, SERVER_SAID) : raw);
  const { analysis } = analyseLocally(analysisInputFromParsed(parsed, { ownAddresses: [values.own] }), emptyUserModel());
  judged.push({ file: relative(folder, path), language: languageOf(path), analysis });
}
await closeParsePool();

const phishing = values.kind === "phishing";
const wrong = judged.filter(({ analysis }) => (phishing ? !analysis.spam.value || red(analysis) : analysis.spam.value || analysis.phishing?.value === true));
console.log(`${folder}: ${judged.length} messages labelled ${values.kind}; fresh user (${values.own}), no learning${values.bare ? "; the receiving server's headers taken out" : ""}`);
if (phishing) {
  console.log(`  caught (spam flag)        ${share(judged.filter((item) => item.analysis.spam.value).length, judged.length)}`);
  for (const language of [...new Set(judged.map((item) => item.language))].sort()) {
    const ofLanguage = judged.filter((item) => item.language === language);
    console.log(`    ${language.padEnd(22)} ${share(ofLanguage.filter((item) => item.analysis.spam.value).length, ofLanguage.length)}`);
  }
  console.log(`  with a phishing warning   ${share(judged.filter((item) => item.analysis.phishing?.value).length, judged.length)}`);
  console.log(`  rated red or urgent       ${judged.filter((item) => red(item.analysis)).length}`);
} else {
  console.log(`  flagged as spam           ${share(judged.filter((item) => item.analysis.spam.value).length, judged.length)}`);
  console.log(`  with a phishing warning   ${judged.filter((item) => item.analysis.phishing?.value).length}`);
}
if (wrong.length > 0) console.log("  misjudged:");
for (const { file, analysis: a } of wrong) {
  console.log(
    `    ${file}: spam=${a.spam.value} ${(a.spam.confidence * 100).toFixed(0)}% (${a.spam.reason.code}${a.spam.reason.vars ? ` ${JSON.stringify(a.spam.reason.vars)}` : ""}) phishing=${a.phishing?.value ?? "–"} urgency=${a.urgency.value} importance=${a.importance.value}${red(a) ? " RED" : ""}`,
  );
}
