/**
 * The local analyser's view of a message: a set of tokens, each hashed to
 * 32 bits (feature hashing), so every model works on the same fixed-width
 * numbers and nothing readable of the mail is kept in a model or beside a
 * correction.
 *
 * Tokens (Unicode-aware, lower case, German and English alike):
 * - words of the body and (prefixed `subj:`) the subject, 2–40 characters;
 * - every header of the raw block, prefixed by its name (`received:`, `x-mailer:`,
 *   `content-type:`…), its words, domains and IP addresses (Date is skipped);
 * - the domains (and parent domains) of URLs (`url:`) and of the From,
 *   Reply-To and Message-ID addresses;
 * - a few shape tokens (`meta:`): no text, shouting subject, many links;
 * - the cues and header signals found (`cue:deadline`, `sig:list`…), so the
 *   learned models can weigh them.
 *
 * @example
 * const features = extractFeatures(input, signals); // sorted unique Uint32Array
 * featuresFromJson(featuresToJson(features)); // the same
 */
import type { AnalysisInput } from "../types.ts";

/**
 * Sorted, unique 32-bit token hashes. Models fold them into their own table
 * size. Envelope tokens (Received, To, Content-Type… headers: the same for
 * much of a user's mail) have the top bit set, so they sort last and
 * `contentFeatures` can leave them out.
 */
export type Features = Uint32Array;

const ENVELOPE_BIT = 0x80000000;
/** Headers that say who sent the message, as opposed to how it travelled: kept for the per-user models. */
const SENDER_HEADERS = new Set(["from", "reply-to", "sender", "return-path", "list-id", "message-id", "x-mailer", "user-agent", "organization"]);

/** Body text beyond this adds little to the decision and only costs time. */
const MAX_BODY_CHARS = 20_000;
const MAX_HEADER_CHARS = 16_000;
const MAX_TOKENS = 4_000;

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_$€%-]*[\p{L}\p{M}\p{N}$€%]|[\p{L}\p{N}]/gu;
const URL = /\b(?:https?:\/\/|www\.)([a-z0-9.-]+\.[a-z]{2,})/gi;
const EMAIL_DOMAIN = /@([a-z0-9.-]+\.[a-z]{2,})/gi;
const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g;
/**
 * Dates, and the trace headers every relay adds (Received, X-Received): the prior learnt the relays of 2002, and
 * today's trace lines (Gmail's "X-Received: by 2002:a05:…", "with SMTP id", "version=TLS1_3 … bits=256") on every
 * message pushed all of a provider's mail towards spam. Where mail came from is judged by the receiving server's
 * authentication instead (./authentication.ts).
 */
const SKIPPED_HEADERS = new Set(["date", "delivery-date", "x-original-date", "received", "x-received"]);

const FNV_OFFSET = 0x811c9dc5;
const TOKEN_BITS = 0x7fffffff;

/** FNV-1a over UTF-16 code units, continued from `hash`: a prefix hashed once seeds each word after it, without joining strings. */
function fnv(hash: number, text: string): number {
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** FNV-1a, 31 bits (the top bit marks envelope tokens): fast, stable across runs and platforms. */
export const hashToken = (token: string): number => fnv(FNV_OFFSET, token) & TOKEN_BITS;

/** Slots of TokenSet's table: a power of two, at least twice MAX_TOKENS, so probes stay short. */
const TABLE_BITS = 13;

/**
 * The message's distinct hashes, at most MAX_TOKENS, in an open-addressing
 * table of numbers (a JS Set of numbers took a tenth of the whole analysis).
 * Zero marks an empty slot, so a token hashing to 0 is kept aside.
 */
class TokenSet {
  private readonly table = new Uint32Array(1 << TABLE_BITS);
  private readonly kept: number[] = [];
  private zero = false;
  get full(): boolean {
    return this.kept.length >= MAX_TOKENS;
  }
  add(token: string, envelope = false): void {
    this.addHash(hashToken(token), envelope);
  }
  addHash(token: number, envelope: boolean): void {
    if (this.full) return;
    const hash = envelope ? (token | ENVELOPE_BIT) >>> 0 : token;
    if (hash === 0) {
      if (!this.zero) this.kept.push(0);
      this.zero = true;
      return;
    }
    const mask = this.table.length - 1;
    for (let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - TABLE_BITS); ; slot = (slot + 1) & mask) {
      const held = this.table[slot]!;
      if (held === hash) return;
      if (held === 0) {
        this.table[slot] = hash;
        this.kept.push(hash);
        return;
      }
    }
  }
  toFeatures(): Features {
    return Uint32Array.from(this.kept).sort();
  }
}

function addWords(tokens: TokenSet, text: string, prefix: string, envelope = false): void {
  const seed = fnv(FNV_OFFSET, prefix);
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (word.length > 40 || (word.length === 1 && prefix === "")) continue;
    if (tokens.full) return;
    tokens.addHash(fnv(seed, word) & TOKEN_BITS, envelope);
  }
}

/** The domain and its parents down to two labels: mail.example.co.uk → example.co.uk, co.uk is skipped by needing a dot. */
function addDomain(tokens: TokenSet, prefix: string, domain: string, envelope = false): void {
  let rest = domain.toLowerCase().replace(/\.$/, "");
  tokens.add(prefix + rest, envelope);
  for (let dot = rest.indexOf("."); dot >= 0 && rest.indexOf(".", dot + 1) >= 0; dot = rest.indexOf(".")) {
    rest = rest.slice(dot + 1);
    tokens.add(prefix + rest, envelope);
  }
}

function addHeaders(tokens: TokenSet, rawHeaders: string): void {
  const unfolded = rawHeaders.slice(0, MAX_HEADER_CHARS).replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0 || colon > 60) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (SKIPPED_HEADERS.has(name) || name.includes(" ")) continue;
    const value = line.slice(colon + 1);
    const prefix = `${name}:`;
    const envelope = !SENDER_HEADERS.has(name);
    tokens.add(`hdr:${name}`, true);
    if (name === "subject") continue; // the subject's words come decoded from input.subject
    addWords(tokens, value, prefix, envelope);
    for (const match of value.matchAll(IPV4)) {
      tokens.add(`${prefix}ip:${match[1]}.${match[2]}.${match[3]}`, envelope);
    }
    if (!envelope) {
      for (const match of value.matchAll(EMAIL_DOMAIN)) addDomain(tokens, `${prefix}@`, match[1]!);
    }
  }
}

/** Extra tokens named by the caller: cues and header signals found in the message. */
export function extractFeatures(input: AnalysisInput, extraTokens: readonly string[] = []): Features {
  const tokens = new TokenSet();
  const body = input.text.length > MAX_BODY_CHARS ? input.text.slice(0, MAX_BODY_CHARS) : input.text;
  addWords(tokens, input.subject, "subj:");
  addWords(tokens, body, "");
  addHeaders(tokens, input.rawHeaders);
  let links = 0;
  for (const match of body.matchAll(URL)) {
    links++;
    addDomain(tokens, "url:", match[1]!);
  }
  for (const address of [...input.from, ...input.replyTo]) {
    const at = address.address.lastIndexOf("@");
    if (at >= 0) addDomain(tokens, "sender@", address.address.slice(at + 1));
  }
  if (body.trim() === "") tokens.add("meta:no_text");
  if (links >= 10) tokens.add("meta:many_links");
  const letters = input.subject.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 6 && letters === letters.toUpperCase()) tokens.add("meta:subject_shouts");
  if (input.hasAttachments) tokens.add("meta:attachment");
  for (const token of extraTokens) tokens.add(token);
  return tokens.toFeatures();
}

/** The features without envelope tokens (a view, no copy): what the per-user category, urgency, importance and newsletter models learn from. */
export function contentFeatures(features: Features): Features {
  let low = 0;
  let high = features.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (features[middle]! < ENVELOPE_BIT) low = middle + 1;
    else high = middle;
  }
  return features.subarray(0, low);
}

/** For keeping a message's features with a correction (the message may be gone when a model is rebuilt). */
export function featuresToJson(features: Features): string {
  return Buffer.from(features.buffer, features.byteOffset, features.byteLength).toString("base64");
}

/** Throws on anything that is not a `featuresToJson` result. */
export function featuresFromJson(json: string): Features {
  const bytes = Buffer.from(json, "base64");
  if (bytes.byteLength % 4 !== 0) throw new Error("not a feature vector");
  const features = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(features.buffer).set(bytes);
  for (let index = 1; index < features.length; index++) {
    if (features[index]! <= features[index - 1]!) throw new Error("not a feature vector");
  }
  return features;
}
