/**
 * What predicts a user's tag, as hashed tokens in groups: who sent it
 * (address and domain), the mailing list, subject words, body words, the
 * mailbox it came to. The groups let the tag model give each kind of
 * evidence its share of a step (one sender token must not drown in a
 * hundred body words) and name the kind that decided in its reason.
 *
 * Kept apart from the analyser's feature vector (./features.ts) because a
 * reason needs the readable token behind a hash, and because tags want the
 * full From address as one token, which the analyser does not keep. The
 * same FNV hash and word rule are used.
 *
 * @example
 * const features = tagFeatures(input, accountId);
 * suggestFromModel(model, features, tags, { exclude });
 */
import type { AnalysisInput } from "../types.ts";
import { hashToken } from "./features.ts";

export const GROUPS = ["sender", "list", "subject", "body", "account"] as const;
export type FeatureGroup = (typeof GROUPS)[number];

export interface TagFeatures {
  /** Token hashes, unique. */
  hashes: Uint32Array;
  /** The group of each hash (index into GROUPS). */
  groups: Uint8Array;
  /** The readable token of each hash, for reasons only; never stored. */
  tokens: string[];
  /** For the name-matching fallback. */
  subject: string;
  text: string;
}

/** Enough body to say what a message is about; the rest adds cost, not evidence. */
const MAX_BODY_CHARS = 2_000;
const MAX_BODY_WORDS = 80;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*[\p{L}\p{M}\p{N}]/gu;
/** Words this short or made of digits (amounts, order numbers, dates) say nothing about a tag. */
const USEFUL_WORD = (word: string) => word.length >= 3 && word.length <= 40 && !/^[\p{N}_-]+$/u.test(word);

export type TagFeatureSource = Pick<AnalysisInput, "from" | "subject" | "text" | "headers">;

export function tagFeatures(input: TagFeatureSource, accountId?: string | null): TagFeatures {
  const seen = new Set<number>();
  const hashes: number[] = [];
  const groups: number[] = [];
  const tokens: string[] = [];
  const add = (group: FeatureGroup, token: string): boolean => {
    const hash = hashToken(`${group}:${token}`);
    if (seen.has(hash)) return false;
    seen.add(hash);
    hashes.push(hash);
    groups.push(GROUPS.indexOf(group));
    tokens.push(token);
    return true;
  };
  const address = input.from[0]?.address?.toLowerCase();
  if (address) {
    add("sender", address);
    const domain = address.slice(address.lastIndexOf("@") + 1);
    // The domain and its parent (service-mail.zalando.de → zalando.de), not the bare public suffix.
    add("sender", `@${domain}`);
    const parent = domain.split(".").slice(-2).join(".");
    if (parent !== domain) add("sender", `@${parent}`);
  }
  const listId = input.headers["list-id"]?.match(/<([^>]+)>/)?.[1] ?? input.headers["list-id"]?.trim();
  if (listId) add("list", listId.toLowerCase());
  for (const match of input.subject.toLowerCase().matchAll(WORD)) if (USEFUL_WORD(match[0])) add("subject", match[0]);
  let bodyWords = 0;
  for (const match of input.text.slice(0, MAX_BODY_CHARS).toLowerCase().matchAll(WORD)) {
    if (USEFUL_WORD(match[0]) && add("body", match[0]) && ++bodyWords >= MAX_BODY_WORDS) break;
  }
  if (accountId) add("account", accountId);
  return { hashes: Uint32Array.from(hashes), groups: Uint8Array.from(groups), tokens, subject: input.subject, text: input.text };
}
