/**
 * The development set (bench/dev-set/, written for the project, see its
 * README): German and English phishing, newsletters, personal mail and
 * notifications, each file's folder its label and its name's prefix its
 * language. Measures the rows of issue 14's table that this set can show,
 * with a fresh user (no learning). Run alone with `bun bench/dev-set.ts`,
 * or as part of `bun run bench:classify`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyseLocally, emptyUserModel } from "../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../src/analysis/local/input.ts";
import { priorityScore, trafficLight } from "../src/analysis/score.ts";
import type { Analysis } from "../src/analysis/types.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";

/** The sets: the one written while the verdicts were built, and those written blind, without reading the analyser (see each README), with the mailbox each is addressed to. */
export const SETS = {
  "dev-set": { about: "messages written for the project while the verdicts were built", own: "anna@example.org" },
  "blind-set": { about: "messages written without reading the analyser; blind at its first run only (see its README)", own: "anna@example.org" },
  "blind-set-2": { about: "Gmail-style messages written without reading the analyser; blind at its first run only (see its README)", own: "lena.hoffmann@gmail.com" },
  "blind-set-3": { about: "Gmail-style and phishing-collection messages written without reading the analyser; blind at its first run only (see its README)", own: "tobias.krueger@gmail.com" },
  "blind-set-4": { about: "Gmail-style and phishing-collection messages written without reading the analyser; blind at its first run only (see its README)", own: "miriam.schaefer@gmail.com" },
  "blind-set-5": { about: "Gmail-style and phishing-collection messages, half the phishing German, written blind; blind at its first run only (see its README)", own: "jana.becker@gmail.com" },
  "blind-set-6": { about: "GMX-style and phishing-collection messages, half the phishing German, written blind; blind at its first run only (see its README)", own: "katrin.albers@gmx.de" },
  "blind-set-7": { about: "Outlook.com-style and phishing-collection messages, half the phishing German, written blind; blind at its first run only (see its README)", own: "lena.brandt@outlook.de" },
  "blind-set-8": {
    about: "Gmail-style messages, three quarters of them modern commercial newsletters, no phishing, written blind; blind at its first run only (see its README)",
    own: "jonas.weber84@gmail.com",
  },
} as const;
export type SetName = keyof typeof SETS;
const KINDS = ["phishing", "newsletter", "personal", "notification"] as const;
type Kind = (typeof KINDS)[number];

interface Judged {
  file: string;
  kind: Kind;
  language: string;
  analysis: Analysis;
}

async function judgeSet(set: SetName): Promise<Judged[]> {
  const judged: Judged[] = [];
  const folder = join(import.meta.dir, set);
  for (const kind of KINDS) {
    // A set may hold no message of a kind (blind set 8 has no phishing; git keeps no empty folder).
    if (!existsSync(join(folder, kind))) continue;
    for (const file of readdirSync(join(folder, kind))
      .filter((name) => name.endsWith(".eml"))
      .sort()) {
      const parsed = await parseMessage(new Uint8Array(readFileSync(join(folder, kind, file))));
      const { analysis } = analyseLocally(analysisInputFromParsed(parsed, { ownAddresses: [SETS[set].own] }), emptyUserModel());
      judged.push({ file: `${kind}/${file}`, kind, language: file.slice(0, 2), analysis });
    }
  }
  return judged;
}

export const share = (part: number, whole: number) => `${part} of ${whole} (${whole ? ((100 * part) / whole).toFixed(1) : "–"} %)`;
/** Red on the list, or put in the urgent category: what a suspected scam must never be. */
export const red = (analysis: Analysis) => trafficLight(priorityScore(analysis.urgency.value, analysis.importance.value)) === "red" || analysis.category.value === "urgent";

/** Prints the rows for both sets, and each set's misjudged files for a closer look. */
export async function printDevSetRows(): Promise<void> {
  for (const set of Object.keys(SETS) as SetName[]) await printSetRows(set);
}

async function printSetRows(set: SetName): Promise<void> {
  const judged = await judgeSet(set);
  const of = (kind: Kind, language?: string) => judged.filter((item) => item.kind === kind && (!language || item.language === language));
  const newsletters = of("newsletter");
  const saidNewsletter = judged.filter((item) => item.analysis.newsletter.value);
  const rows: [string, string, string][] = [
    ["newsletters flagged as spam", share(newsletters.filter((item) => item.analysis.spam.value).length, newsletters.length), "≤ 3 %"],
    ["personal mail flagged as spam", share(of("personal").filter((item) => item.analysis.spam.value).length, of("personal").length), "0"],
    ["notifications flagged as spam", share(of("notification").filter((item) => item.analysis.spam.value).length, of("notification").length), "0"],
    ["phishing caught (spam flag)", share(of("phishing").filter((item) => item.analysis.spam.value).length, of("phishing").length), "≥ 95 %"],
    ["German phishing caught", share(of("phishing", "de").filter((item) => item.analysis.spam.value).length, of("phishing", "de").length), "≥ 90 %"],
    ["phishing with a phishing warning", share(of("phishing").filter((item) => item.analysis.phishing?.value).length, of("phishing").length), "–"],
    ["phishing rated red or urgent", String(of("phishing").filter((item) => red(item.analysis)).length), "0"],
    ["newsletter recall", share(newsletters.filter((item) => item.analysis.newsletter.value).length, newsletters.length), "≥ 97 %"],
    ["newsletter precision", share(saidNewsletter.filter((item) => item.kind === "newsletter").length, saidNewsletter.length), "≥ 99 %"],
  ];
  console.log(`\n${set} (bench/${set}/: ${judged.length} ${SETS[set].about}; fresh user, no learning):`);
  console.log(`  ${"".padEnd(34)} ${"measured".padStart(18)}  goal`);
  for (const [label, value, goal] of rows) console.log(`  ${label.padEnd(34)} ${value.padStart(18)}  ${goal}`);
  const wrong = judged.filter(({ kind, analysis }) =>
    kind === "phishing"
      ? !analysis.spam.value || red(analysis)
      : analysis.spam.value || (kind === "newsletter") !== analysis.newsletter.value || analysis.phishing?.value === true || (kind === "newsletter" && red(analysis)),
  );
  if (wrong.length > 0) {
    console.log("  misjudged:");
    for (const item of wrong) {
      const a = item.analysis;
      console.log(
        `    ${item.file}: spam=${a.spam.value} (${a.spam.reason.code}) newsletter=${a.newsletter.value} (${a.newsletter.reason.code}) urgency=${a.urgency.value} importance=${a.importance.value}${item.kind !== "phishing" && a.phishing?.value ? " phishing-warning" : ""}${item.kind === "newsletter" && red(a) ? " red" : ""}`,
      );
    }
  }
}

if (import.meta.main) {
  await printDevSetRows();
  await closeParsePool();
}
