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

/** Every term a word is found by: each of its spellings, each with its prefixes (indexTerms). */
function wordTerms(word: string): string[] {
  return spellings(word).flatMap(indexTerms);
}

/**
 * The words of a message, each handed to `add` with the mark of its field
 * ("" for the plain words; returning how many distinct tokens the message
 * holds now): subject and sender first (so they survive the cap on very
 * long bodies), then the body.
 */
function addMessageWords(message: SearchableMessage, add: (mark: string, word: string) => number): void {
  const addresses = (list: MailAddress[]) => list.map((address) => `${address.name} ${address.address}`).join(" ");
  const sender = addresses(message.from);
  const recipients = addresses([...(message.to ?? []), ...(message.cc ?? [])].slice(0, MAX_SEARCH_RECIPIENTS));
  for (const word of words(sender)) add(FIELD_MARK.from, word);
  for (const word of words(recipients)) add(FIELD_MARK.to, word);
  for (const word of words(`${message.subject} ${sender} ${message.text}`)) if (add("", word) >= MAX_SEARCH_TOKENS) break;
}

/** The tokens of a message (addMessageWords, wordTerms). */
export function messageTokens(key: SecretKey, message: SearchableMessage): bigint[] {
  const token = keyedInt64(key);
  const tokens = new Set<bigint>();
  addMessageWords(message, (mark, word) => {
    for (const term of wordTerms(word)) tokens.add(token(mark + term));
    return tokens.size;
  });
  return [...tokens];
}

/**
 * Messages' tokens under one search key as PostgreSQL array literals
 * ("{1,-2,…}", read as bigint[]), for storing many messages. One mailbox's
 * messages share most of their words (three in four terms of the
 * SpamAssassin corpus repeat within a batch of 150), so what a word needs is
 * kept once computed: its terms' numbers, each term hashed and printed once.
 * A message then only collects numbers, each marked as taken for this
 * message in an array rather than looked up in a set (profiles of sync
 * showed the set). The kept terms are words of mail this process holds
 * decrypted anyway; they live as long as the tokenizer (one sync of one
 * account, one indexing batch), at most about MAX_KEPT_SEARCH_TERMS of them.
 *
 * @example const tokensOf = searchTokenizer(searchKey(dataKey)); row.search_tokens = tokensOf(message);
 */
export function searchTokenizer(key: SecretKey): (message: SearchableMessage) => string {
  const token = keyedInt64(key);
  /** Each kept term's token as printed, by the term's number. */
  let printed: string[] = [];
  let numberOfTerm = new Map<string, number>();
  let termsOfWord = new Map<string, Int32Array>();
  /** By term number: the message that took it last (messageCount), so a message takes each token once. */
  let takenBy = new Uint32Array(1024);
  let messageCount = 0;

  const termNumber = (term: string) => {
    let number = numberOfTerm.get(term);
    if (number === undefined) {
      number = printed.push(token(term).toString()) - 1;
      numberOfTerm.set(term, number);
    }
    return number;
  };
  const wordTermNumbers = (mark: string, word: string) => {
    const markedWord = mark + word;
    let numbers = termsOfWord.get(markedWord);
    if (numbers === undefined) {
      numbers = Int32Array.from(wordTerms(word), (term) => termNumber(mark + term));
      termsOfWord.set(markedWord, numbers);
    }
    return numbers;
  };

  return (message) => {
    // Started over between messages only, so the numbers a message has taken stay valid while it is collected.
    if (printed.length >= MAX_KEPT_SEARCH_TERMS) {
      printed = [];
      numberOfTerm = new Map();
      termsOfWord = new Map();
      takenBy = new Uint32Array(1024);
    }
    const count = ++messageCount;
    const tokens: string[] = [];
    addMessageWords(message, (mark, word) => {
      const numbers = wordTermNumbers(mark, word);
      if (takenBy.length < printed.length) {
        const larger = new Uint32Array(printed.length * 2);
        larger.set(takenBy);
        takenBy = larger;
      }
      for (const number of numbers) {
        if (takenBy[number] === count) continue;
        takenBy[number] = count;
        tokens.push(printed[number]!);
      }
      return tokens.length;
    });
    return `{${tokens.join(",")}}`;
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
