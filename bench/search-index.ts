/**
 * bench:search-index: what prefix search costs the blind index. Indexes the
 * SpamAssassin corpus and the German/English dev set twice in the same run:
 * as before prefixes (every spelling of every word: the baseline) and as
 * the product does now (src/search/blind-index.ts, with prefixes), and
 * prints tokens and bytes per message, the growth and the time per message.
 *
 *   bun run bench:search-index
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateDataKey } from "../src/crypto/data-key.ts";
import { keyedInt64 } from "../src/crypto/hmac.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import { messageTokens, searchKey, type SearchableMessage } from "../src/search/blind-index.ts";
import { MAX_SEARCH_TOKENS } from "../src/search/limits.ts";
import { spellings, words } from "../src/search/tokenise.ts";
import { spamAssassinMessages } from "../test/support/spamassassin.ts";

const DEV_SET = join(import.meta.dir, "dev-set");

/** The index before prefixes: each spelling of each word once, capped the same way. */
function baselineTokens(key: ReturnType<typeof searchKey>, message: SearchableMessage): bigint[] {
  const token = keyedInt64(key);
  const tokens = new Set<bigint>();
  const sender = message.from.map((address) => `${address.name} ${address.address}`).join(" ");
  for (const word of words(`${message.subject} ${sender} ${message.text}`)) {
    for (const spelling of spellings(word)) tokens.add(token(spelling));
    if (tokens.size >= MAX_SEARCH_TOKENS) break;
  }
  return [...tokens];
}

async function corpus(): Promise<{ name: string; messages: SearchableMessage[] }[]> {
  // A parsed message is searchable as it is, as sync indexes it (src/mail/sync/store.ts).
  const toSearchable = (raw: Uint8Array): Promise<SearchableMessage> => parseMessage(raw);
  const spam = await Promise.all((await spamAssassinMessages()).map((message) => toSearchable(message.raw)));
  const dev: SearchableMessage[] = [];
  for (const kind of readdirSync(DEV_SET, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(join(DEV_SET, kind.name)).filter((name) => name.endsWith(".eml"))) {
      dev.push(await toSearchable(new Uint8Array(readFileSync(join(DEV_SET, kind.name, file)))));
    }
  }
  return [
    { name: "SpamAssassin (6,046, English)", messages: spam },
    { name: "dev set (German and English)", messages: dev },
  ];
}

function measure(messages: SearchableMessage[], index: (message: SearchableMessage) => bigint[]) {
  const started = performance.now();
  let tokens = 0;
  let capped = 0;
  for (const message of messages) {
    const count = index(message).length;
    tokens += count;
    if (count >= MAX_SEARCH_TOKENS) capped++;
  }
  const perMessage = tokens / messages.length;
  return { perMessage, bytes: perMessage * 8, msPerMessage: (performance.now() - started) / messages.length, capped };
}

const key = searchKey(generateDataKey());
try {
  console.log("corpus                           | tokens/msg before → now | index bytes/msg before → now | growth | ms/msg before → now | capped now");
  for (const { name, messages } of await corpus()) {
    measure(messages, (message) => messageTokens(key, message)); // warm-up, so neither side pays for the JIT
    const before = measure(messages, (message) => baselineTokens(key, message));
    const now = measure(messages, (message) => messageTokens(key, message));
    console.log(
      `${name.padEnd(32)} | ${before.perMessage.toFixed(0).padStart(6)} → ${now.perMessage.toFixed(0).padEnd(14)} | ${before.bytes.toFixed(0).padStart(8)} → ${now.bytes.toFixed(0).padEnd(17)} | ×${(now.perMessage / before.perMessage).toFixed(2)} | ${before.msPerMessage.toFixed(3)} → ${now.msPerMessage.toFixed(3)}       | ${now.capped} of ${messages.length}`,
    );
  }
} finally {
  await closeParsePool();
}
