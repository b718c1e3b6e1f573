/**
 * `bun bench/probe-no-auth.ts`: every dev and blind set's messages with
 * their authentication headers (Authentication-Results,
 * ARC-Authentication-Results, Received-SPF) removed, analysed as a fresh
 * user (as bench/dev-set.ts does). Real mailboxes hold plenty of newsletters
 * whose authentication is missing, unaligned or not trusted; this shows how
 * much genuine mail the spam prior alone would then flag, and how much
 * phishing is still caught without authentication.
 *
 * Per set and kind: how many the analyser flags as spam, and how many the
 * shipped prior alone puts at or above SPAM_THRESHOLD. `--list` names the
 * genuine messages flagged and the phishing missed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { messageFeatures } from "../src/analysis/local/analyse.ts";
import { analyseLocally, emptyUserModel } from "../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../src/analysis/local/input.ts";
import { loadSpamPrior, priorLogit, SPAM_THRESHOLD } from "../src/analysis/local/spam-model.ts";
import { sigmoid } from "../src/analysis/local/online-linear.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import { SETS, type SetName } from "./dev-set.ts";

const AUTH_HEADERS = /^(authentication-results|arc-authentication-results|received-spf):/i;
const KINDS = ["newsletter", "personal", "notification", "phishing"] as const;

/** The message with every authentication header (and its folded lines) taken out of the header block; the body untouched. */
export function withoutAuthentication(raw: Uint8Array): Uint8Array {
  return withoutHeaders(raw, AUTH_HEADERS);
}

/** The message with every header whose line matches `names` (and its folded lines) taken out; the body untouched. */
export function withoutHeaders(raw: Uint8Array, names: RegExp): Uint8Array {
  // Node's "latin1" maps each byte to one char and back (TextDecoder's "latin1" is windows-1252, which does not).
  const text = Buffer.from(raw).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const kept: string[] = [];
  let dropping = false;
  for (const line of head.split(/(?<=\n)/)) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = names.test(line);
    if (!dropping) kept.push(line);
  }
  const out = kept.join("") + (end < 0 ? "" : text.slice(end));
  return new Uint8Array(Buffer.from(out, "latin1"));
}

if (import.meta.main) {
  const list = process.argv.includes("--list");
  const prior = loadSpamPrior();
  const totals = new Map<string, { flagged: number; prior: number; of: number }>();
  const listed: string[] = [];
  console.log("authentication headers removed; fresh user, no learning");
  console.log("  set           kind           spam verdict   prior alone ≥ threshold");
  for (const set of Object.keys(SETS) as SetName[]) {
    for (const kind of KINDS) {
      const folder = join(import.meta.dir, set, kind);
      if (!existsSync(folder)) continue;
      let flagged = 0;
      let priorSpam = 0;
      const files = readdirSync(folder)
        .filter((name) => name.endsWith(".eml"))
        .sort();
      for (const file of files) {
        const parsed = await parseMessage(withoutAuthentication(new Uint8Array(readFileSync(join(folder, file)))));
        const input = analysisInputFromParsed(parsed, { ownAddresses: [SETS[set].own] });
        const { analysis } = analyseLocally(input, emptyUserModel());
        const probability = sigmoid(priorLogit(prior, messageFeatures(input).features));
        if (analysis.spam.value) flagged++;
        if (probability >= SPAM_THRESHOLD) priorSpam++;
        if (list && (kind === "phishing" ? !analysis.spam.value : analysis.spam.value))
          listed.push(`    ${set}/${kind}/${file}: spam=${analysis.spam.value} (${analysis.spam.reason.code}), prior ${(100 * probability).toFixed(0)} %`);
      }
      const total = totals.get(kind) ?? { flagged: 0, prior: 0, of: 0 };
      totals.set(kind, { flagged: total.flagged + flagged, prior: total.prior + priorSpam, of: total.of + files.length });
      console.log(`  ${set.padEnd(13)} ${kind.padEnd(14)} ${`${flagged} of ${files.length}`.padEnd(14)} ${priorSpam} of ${files.length}`);
    }
  }
  await closeParsePool();
  console.log("all sets:");
  for (const [kind, { flagged, prior: priorSpam, of }] of totals) console.log(`  ${kind.padEnd(14)} spam verdict ${flagged} of ${of}, prior alone ${priorSpam} of ${of}`);
  if (list) console.log(["genuine mail flagged, phishing missed:", ...listed].join("\n"));
}
