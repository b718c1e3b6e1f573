/**
 * Limits of the LLM layer, each with why. (Kept beside the code that uses
 * them; src/limits.ts holds the app-wide ones.)
 */

/** Body characters shown with `headers_body_start`: the greeting and the request of almost any letter fit. */
export const BODY_START_CHARS = 1_500;

/** Body characters shown with `full`: a long letter, bounded so one message cannot fill a small model's context. */
export const FULL_BODY_CHARS = 20_000;

/** Earlier messages of the thread shown as context: the last few say what the conversation is about. */
export const MAX_THREAD_CONTEXT_MESSAGES = 3;

/** Body characters per thread-context message (never more than the account's visibility allows). */
export const THREAD_CONTEXT_BODY_CHARS = 600;

/** Subject characters shown: subjects beyond this are spam padding. */
export const MAX_SUBJECT_CHARS = 500;

/** Addresses shown per header (To/Cc): mass mailings list hundreds, which say nothing more than "many". */
export const MAX_ADDRESSES_PER_HEADER = 20;

/** The largest answer read from a provider: a valid analysis is under 4 KB; a model list of a big gateway is under 1 MB. */
export const MAX_PROVIDER_RESPONSE_BYTES = 2 * 1024 * 1024;

/** Tokens the answer may use (Anthropic requires a limit): the JSON answer needs a few hundred. */
export const MAX_ANSWER_TOKENS = 1_024;

/** Timeout of a connection test and a model list: they are quick, whatever the analysis timeout is. */
export const CONNECTION_TEST_TIMEOUT_MS = 15_000;

/** Default calls per user per day: a busy mailbox gets 100–200 messages a day. */
export const DEFAULT_DAILY_BUDGET = 200;

/** Default seconds one analysis may take: a local model on a CPU needs tens of seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** Longest reason text kept from an answer. */
export const MAX_REASON_CHARS = 400;

/** Longest summary kept from an answer (two sentences). */
export const MAX_SUMMARY_CHARS = 600;

/** Tags an answer may suggest. */
export const MAX_SUGGESTED_TAGS = 5;

/**
 * Names of tags the user does not have, per answer: they go to the user's
 * review queue (src/tags/name-queue.ts), where one message is enough; two
 * keep a chatty model from filling it.
 */
export const MAX_NEW_TAG_NAMES = 2;

/** Model ids a provider's list may hand to the settings page: OpenRouter-sized catalogues list a few hundred. */
export const MAX_LISTED_MODELS = 500;

/** Dimensions an embedding may have: the common models have 384–3,072; a longer answer is not an embedding. */
export const MAX_EMBEDDING_DIMENSIONS = 8_192;

/**
 * Characters of a message sent for its embedding (never more than its
 * mailbox's visibility allows): the smaller embedding models read 512–2,048
 * tokens and cut the rest, and the start of a letter says what it is about.
 */
export const EMBEDDING_INPUT_CHARS = 4_000;
