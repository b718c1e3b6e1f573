/**
 * `bun run bench:similar`: what "similar messages" (src/inbox/similar-messages.ts)
 * costs on one user's mailbox of 50,000 messages, against the first page of
 * the message list (src/inbox/list.ts) in the same run as the baseline.
 * Both decrypt only the rows they return.
 *
 * The seeded mail (bench/seed-messages.ts) has short template bodies, far
 * fewer and more repetitive words than real mail. So each message's index
 * is replaced by a synthetic one the size of a real letter's: 200 words
 * drawn from a 40,000-word vocabulary by Zipf's law (a few words in most
 * messages, most words in a few), each word four tokens as its prefixes
 * are. Senders get their sender_hash as the analysis sets it.
 *
 * Environment: BENCH_MESSAGES (50000), BENCH_RUNS (100).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { senderHash } from "../src/analysis/sender-patterns.ts";
import { createUser } from "../src/auth/users.ts";
import { loadConfig } from "../src/config.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { listMessages } from "../src/inbox/list.ts";
import { parseListQuery } from "../src/inbox/list-query.ts";
import { similarMessages } from "../src/inbox/similar-messages.ts";
import { log, setLogLevel } from "../src/log.ts";
import { describeMachine, percentile } from "./machine.ts";
import { seedMessages } from "./seed-messages.ts";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const VOCABULARY = 40_000;
const WORDS_PER_MESSAGE = 200;
const TOKENS_PER_WORD = 4;
const BATCH = 1_000;

/** mulberry32, as bench/seed-messages.ts: the same mailbox every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf (s = 1) over the vocabulary, by inverting its cumulative weights. */
function zipf(next: () => number): () => number {
  const cumulative = new Float64Array(VOCABULARY);
  let sum = 0;
  for (let rank = 0; rank < VOCABULARY; rank++) cumulative[rank] = sum += 1 / (rank + 1);
  return () => {
    const target = next() * sum;
    let low = 0;
    let high = VOCABULARY - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** A letter-sized index: the tokens of 200 Zipf-drawn words, as a PostgreSQL array literal. */
function syntheticTokens(word: () => number): string {
  const tokens = new Set<string>();
  for (let index = 0; index < WORDS_PER_MESSAGE; index++) {
    const drawn = word();
    for (let prefix = 0; prefix < TOKENS_PER_WORD; prefix++) tokens.add(String(BigInt(drawn * TOKENS_PER_WORD + prefix) * 2654435761n - 4611686018427387904n));
  }
  return `{${[...tokens].join(",")}}`;
}

function summary(name: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((all, time) => all + time, 0) / times.length;
  return `${name.padEnd(34)} | mean ${mean.toFixed(1).padStart(6)} ms | p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms | p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ms | max ${sorted.at(-1)!.toFixed(1).padStart(6)} ms`;
}

setLogLevel("warn");
const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-similar-"));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const db = await openDatabase(config, log);
try {
  await migrate(db.sql, db.url, log);
  const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
  const { user, dataKey } = await createUser(db.sql, keyring, { email: "bench@example.org", password: "Bench Fahrrad Wolke Tasse", role: "user" });
  const seeded = await seedMessages(db.sql, { userId: user.id, dataKey, count: MESSAGES, accounts: 3, orphaned: 0.01 });

  // Replaced with the index dropped and built again afterwards: one bulk build instead of 50,000 pending-list inserts.
  await db.sql`drop index messages_search_tokens`;
  const word = zipf(random(7));
  for (let start = 0; start < seeded.messages.length; start += BATCH) {
    const batch = seeded.messages.slice(start, start + BATCH);
    const hashes = batch.map((message) => senderHash(dataKey, message.from.address).toString("hex"));
    await db.sql`
      update messages m set search_tokens = v.tokens::bigint[], sender_hash = decode(v.sender, 'hex')
      from unnest(${batch.map((message) => message.id)}::uuid[], ${batch.map(() => syntheticTokens(word))}::text[], ${hashes}::text[]) v(id, tokens, sender)
      where m.id = v.id`;
  }
  await db.sql`create index messages_search_tokens on messages using gin (search_tokens) with (fastupdate = on, gin_pending_list_limit = 131072)`;
  await db.sql`vacuum (analyze) messages, message_copies, analyses`;
  const [{ tokens } = { tokens: 0 }] = await db.sql<{ tokens: number }[]>`select avg(cardinality(search_tokens))::int as tokens from messages where user_id = ${user.id}`;

  const live = seeded.messages.filter((message) => !message.orphaned);
  const pick = random(11);
  const sources = Array.from({ length: RUNS }, () => live[Math.floor(pick() * live.length)]!.id);
  const listQuery = parseListQuery({});
  const time = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  // Warm-up: plans cached, pages in memory, for both.
  for (const id of sources.slice(0, 10)) {
    await similarMessages(db.sql, dataKey, user.id, id);
    await listMessages(db.sql, dataKey, user.id, listQuery);
  }
  const baseline: number[] = [];
  const similar: number[] = [];
  let found = 0;
  let withText = 0;
  for (const id of sources) {
    baseline.push(await time(() => listMessages(db.sql, dataKey, user.id, listQuery)));
    similar.push(
      await time(async () => {
        const rows = await similarMessages(db.sql, dataKey, user.id, id);
        found += rows.length;
        withText += rows.filter((row) => row.reasons.includes("similarText")).length;
      }),
    );
  }
  // The machine may be shared (other processes' load makes every figure larger): say how busy it was.
  console.log(
    `${describeMachine()}; load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
  );
  console.log(`${MESSAGES.toLocaleString("en")} messages, ${tokens} tokens per message on average; ${RUNS} runs each, one after another`);
  console.log(summary("baseline: list, first page (50)", baseline));
  console.log(summary("similar messages (8)", similar));
  console.log(`similar messages found per message: ${(found / RUNS).toFixed(1)}, by similar text: ${(withText / RUNS).toFixed(1)}`);
} finally {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
