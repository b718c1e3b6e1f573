/**
 * Limits of the search index and the message list, each with the reason for
 * its value (kept apart from src/limits.ts so this area owns its numbers).
 */

/** Shortest word in the search index: single letters match nearly every message and cost an index entry each. */
export const MIN_SEARCH_WORD_CHARS = 2;

/** Longest word in the search index: beyond this it is base64, a hash or a URL, never something typed into a search box. */
export const MAX_SEARCH_WORD_CHARS = 40;

/** Tokens per message (all spellings and prefixes of its distinct words): an ordinary letter has one to two thousand; this bounds a 1 MB text dump at 64 KB of index. */
export const MAX_SEARCH_TOKENS = 8000;

/**
 * Terms whose token a tokenizer keeps (searchTokenizer): about 150 bytes
 * each with the words that lead to them, so at most ~3 MB during a sync
 * (whose peak memory has a goal); past it, it starts over. A mailbox's
 * common words come back at once.
 */
export const MAX_KEPT_SEARCH_TERMS = 20_000;

/** Recipients (To and Cc) whose words `to:` can find: a mail to a list of hundreds is found by its first fifty, and its index stays the size of a letter's. */
export const MAX_SEARCH_RECIPIENTS = 50;

/** Shortest prefix a search matches words by ("rech" finds "Rechnung"): shorter ones match too much to narrow anything. */
export const MIN_SEARCH_PREFIX_CHARS = 4;

/** Longest prefix in the index: a longer search word matches the words sharing its first this many letters, which are (nearly always) the word itself and its inflections. Each length costs a token per word (bench:search-index). */
export const MAX_SEARCH_PREFIX_CHARS = 10;

/** Words of one search: each is one more array element to match, and nobody types more. */
export const MAX_SEARCH_QUERY_WORDS = 16;

/** Longest search input accepted. */
export const MAX_SEARCH_QUERY_CHARS = 500;

/** Rows per message list page (HTML and API): a screenful and a bit; each one is decrypted. */
export const MESSAGE_LIST_PAGE_SIZE = 50;

/** Messages per batch of the `index_messages` job: one transaction each, so progress survives a restart. */
export const SEARCH_INDEX_BATCH = 200;

/**
 * A folder sync fetching more new messages than this leaves their search
 * tokens to the `index_messages` job, which runs right behind it: an initial
 * sync shows the mail sooner (the tokens were half of storing a message,
 * `bench:sync`), while new mail of a poll or an IDLE push, far fewer, is
 * searchable as soon as it is listed.
 */
export const SEARCH_INDEX_INLINE_MESSAGES = 200;

/** Messages one bulk action may name: a few pages selected at once; each becomes a journal entry and a job. */
export const MAX_BULK_MESSAGES = 500;

/** Similar messages shown on the message page and in the API: one screen beside the message; each row is decrypted. */
export const SIMILAR_MESSAGES = 8;

/**
 * Recent messages whose tokens tell a message's common words from its distinctive ones (src/inbox/similar-messages.ts).
 * A fixed sample, so the cost does not grow with the mailbox: unnesting it was most of the query's time (bench:similar,
 * ~45 ms for 300 letter-sized messages); a common word the sample misses costs only its capped index lookup.
 */
export const SIMILAR_SAMPLE_MESSAGES = 100;

/** A token in more than this share of the sample is a common word ("hallo", "grüße", the user's own address) and not compared. */
export const SIMILAR_COMMON_SHARE = 0.03;

/** Messages counted for the N of idf = ln(N / n): beyond it every looked-up token is rare anyway (n ≤ SIMILAR_TOKEN_POSTINGS), and counting 10,000 index entries already cost ~4 ms. */
export const SIMILAR_MAILBOX_COUNT_CAP = 5_000;

/** Distinctive tokens of the message looked up in the index: each is one GIN lookup, so this bounds the query's work. */
export const SIMILAR_SOURCE_TOKENS = 64;

/**
 * Messages read per looked-up token (each a heap visit, the lookups' main cost); a token in more of them is too common
 * to tell messages apart and is left out: at 50,000 messages, one in more than 0.2 % of them.
 */
export const SIMILAR_TOKEN_POSTINGS = 100;

/** Messages of the same sender or the same conversation considered (the most recent): a newsletter sender may have thousands. */
export const SIMILAR_RELATED_CANDIDATES = 100;

/** The share of the message's weighted distinctive tokens another message must hold to count as "similar text". */
export const SIMILAR_MIN_TEXT_SCORE = 0.1;

/**
 * Embeddings compared with the message's (src/inbox/similar-meaning.ts): the user's most recent ones of the current
 * model. They are encrypted with the user's data key, so no index can search them in SQL: each is read and decrypted in
 * the app, and this bounds that work (2,000 vectors of 768 floats: ~6 MB read, a few tens of ms to open and compare)
 * however large the mailbox; older mail is still found by words, sender and conversation.
 */
export const SIMILAR_MEANING_CANDIDATES = 2_000;

/**
 * Cosine similarity from which another message counts as "similar meaning". Unrelated mail scores 0.3–0.6 with the
 * common embedding models, a reply or a rewording of the same matter above 0.8; this is between, on the strict side,
 * since a false friend shown as similar costs more trust than a miss.
 */
export const SIMILAR_MIN_MEANING = 0.75;

/** Meaning matches handed to the ranking query (best first): a few screens, each one more candidate row for it to check. */
export const SIMILAR_MEANING_MATCHES = 50;
