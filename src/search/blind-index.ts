/**
 * The blind index: a message's words as keyed hashes, so PostgreSQL can find
 * the messages holding all the words of a search without ever holding a
 * word. Each token is HMAC-SHA-256 under the user's search key (derived from
 * the data key, so two users' tokens for one word differ) cut to its first
 * 8 bytes as a signed int64: the `bigint[]` of migration 0010.
 *
 * The sender's and the recipients' words are in it twice: as plain words
 * (a search for "anna" finds her mail and mail that mentions her) and marked
 * with their field ("f:anna", "t:anna"), which `from:` and `to:` look up, so
 * those operators are one more array element to match, not a decryption of
 * every message.
 */
import { deriveKey, hmac, keyedInt64 } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { MAX_SEARCH_PREFIX_CHARS, MAX_SEARCH_QUERY_WORDS, MAX_SEARCH_RECIPIENTS, MAX_SEARCH_TOKENS, MIN_SEARCH_PREFIX_CHARS } from "./limits.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import { spellings, words } from "./tokenise.ts";

/** The part of a message that is searchable. */
export interface SearchableMessage {
  subject: string;
  from: MailAddress[];
  /** To and Cc; absent in a message indexed without them (the field tokens are then only the sender's). */
  to?: MailAddress[];
  cc?: MailAddress[];
  text: string;
}

/** The fields `from:` and `to:` search, as the mark their words carry in the index. */
export type SearchField = "from" | "to";
const FIELD_MARK: Record<SearchField, string> = { from: "f:", to: "t:" };

/** The user's search key. @example const key = searchKey(dataKey); */
export function searchKey(dataKey: SecretKey): SecretKey {
  return deriveKey(dataKey, "search-index");
}

/** One word's token: the first 8 bytes of its HMAC, signed, as PostgreSQL's bigint reads it. */
export function wordToken(key: SecretKey, word: string): bigint {
  return hmac(key, word).readBigInt64BE(0);
}

/**
 * What a search word is looked up as: a short word as itself; a longer one
 * as a prefix ("p:rech"), which every word beginning with it holds in the
 * index, so "Rech" finds "Rechnung" and "Termin" finds "Terminanfrage".
 * Beyond MAX_SEARCH_PREFIX_CHARS the word is cut to that prefix.
 */
function searchTerm(word: string): string {
  return word.length < MIN_SEARCH_PREFIX_CHARS ? word : `p:${word.slice(0, MAX_SEARCH_PREFIX_CHARS)}`;
}

/**
 * The terms a search can reach a word by (searchTerm): a short word as
 * itself, a longer one by its prefixes, "rechnung" → p:rech, p:rechn, …,
 * p:rechnung. The word itself is no term of its own from four letters on:
 * a search for it looks up its longest prefix.
 */
function indexTerms(word: string): string[] {
  if (word.length < MIN_SEARCH_PREFIX_CHARS) return [word];
  const terms: string[] = [];
  for (let length = MIN_SEARCH_PREFIX_CHARS; length <= Math.min(word.length, MAX_SEARCH_PREFIX_CHARS); length++) terms.push(`p:${word.slice(0, length)}`);
  return terms;
}

/**
 * The tokens of a message: subject and sender first (so they survive the
 * cap on very long bodies), then the body; every spelling of every word,
 * each with its prefixes.
 */
export function messageTokens(key: SecretKey, message: SearchableMessage): bigint[] {
  const addresses = (list: MailAddress[]) => list.map((address) => `${address.name} ${address.address}`).join(" ");
  const sender = addresses(message.from);
  const recipients = addresses([...(message.to ?? []), ...(message.cc ?? [])].slice(0, MAX_SEARCH_RECIPIENTS));
  const token = keyedInt64(key);
  const tokens = new Set<bigint>();
  for (const [field, text] of [
    ["from", sender],
    ["to", recipients],
  ] as const) {
    for (const word of words(text)) for (const spelling of spellings(word)) for (const term of indexTerms(spelling)) tokens.add(token(FIELD_MARK[field] + term));
  }
  for (const word of words(`${message.subject} ${sender} ${message.text}`)) {
    for (const spelling of spellings(word)) for (const term of indexTerms(spelling)) tokens.add(token(term));
    if (tokens.size >= MAX_SEARCH_TOKENS) break;
  }
  return [...tokens];
}

/**
 * The tokens a search must all match: one per word of the query, as typed
 * (the index holds every spelling, so "Müller" and "Mueller" both match),
 * longer words as prefixes (searchTerm); with a field, the words as that
 * field holds them (`from:anna` → "f:anna"). Empty when the query has no
 * word long enough to search for.
 */
export function queryTokens(key: SecretKey, query: string, field?: SearchField): bigint[] {
  const mark = field ? FIELD_MARK[field] : "";
  return [
    ...new Set(
      words(query)
        .slice(0, MAX_SEARCH_QUERY_WORDS)
        .map((word) => wordToken(key, mark + searchTerm(word))),
    ),
  ];
}
