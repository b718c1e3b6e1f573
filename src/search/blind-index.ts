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
import { MAX_KEPT_SEARCH_TERMS, MAX_SEARCH_PREFIX_CHARS, MAX_SEARCH_QUERY_WORDS, MAX_SEARCH_RECIPIENTS, MAX_SEARCH_TOKENS, MIN_SEARCH_PREFIX_CHARS } from "./limits.ts";
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
 * The terms of a message, each handed to `add` (the caller's token for it,
 * returning how many distinct tokens it holds now): subject and sender
 * first (so they survive the cap on very long bodies), then the body; every
 * spelling of every word, each with its prefixes.
 */
function addMessageTerms(message: SearchableMessage, add: (term: string) => number): void {
  const addresses = (list: MailAddress[]) => list.map((address) => `${address.name} ${address.address}`).join(" ");
  const sender = addresses(message.from);
  const recipients = addresses([...(message.to ?? []), ...(message.cc ?? [])].slice(0, MAX_SEARCH_RECIPIENTS));
  for (const [field, text] of [
    ["from", sender],
    ["to", recipients],
  ] as const) {
    for (const word of words(text)) for (const spelling of spellings(word)) for (const term of indexTerms(spelling)) add(FIELD_MARK[field] + term);
  }
  for (const word of words(`${message.subject} ${sender} ${message.text}`)) {
    let held = 0;
    for (const spelling of spellings(word)) for (const term of indexTerms(spelling)) held = add(term);
    if (held >= MAX_SEARCH_TOKENS) break;
  }
}

/** The tokens of a message (addMessageTerms). */
export function messageTokens(key: SecretKey, message: SearchableMessage): bigint[] {
  const token = keyedInt64(key);
  const tokens = new Set<bigint>();
  addMessageTerms(message, (term) => tokens.add(token(term)).size);
  return [...tokens];
}

/**
 * Messages' tokens under one search key as PostgreSQL array literals
 * ("{1,-2,…}", read as bigint[]), for storing many messages: a term's token
 * is kept once computed, since one mailbox's messages share most of their
 * words (three in four terms of the SpamAssassin corpus repeat within a
 * batch of 150), so most terms are hashed and printed once. The kept terms
 * are words of mail this process holds decrypted anyway; they live as long
 * as the tokenizer (one sync of one account, one indexing batch), at most
 * MAX_KEPT_SEARCH_TERMS of them.
 *
 * @example const tokensOf = searchTokenizer(searchKey(dataKey)); row.search_tokens = tokensOf(message);
 */
export function searchTokenizer(key: SecretKey): (message: SearchableMessage) => string {
  const token = keyedInt64(key);
  const kept = new Map<string, string>();
  const tokenOf = (term: string) => {
    let value = kept.get(term);
    if (value === undefined) {
      value = token(term).toString();
      if (kept.size >= MAX_KEPT_SEARCH_TERMS) kept.clear();
      kept.set(term, value);
    }
    return value;
  };
  return (message) => {
    const tokens = new Set<string>();
    addMessageTerms(message, (term) => tokens.add(tokenOf(term)).size);
    return `{${[...tokens].join(",")}}`;
  };
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
