/**
 * The provider's answer: parsed, checked against a closed schema (an extra
 * key, a missing one or a wrong type refuses the whole answer), and mapped to
 * an `Analysis`. Reasons, summary and tag names are restored from
 * placeholders here, because this is what the user sees; tags are kept only
 * when they are one of the user's own, and names of tags the user does not
 * have (`newTags`, for the review queue) only when none of the user's.
 */
import * as v from "valibot";
import { CATEGORIES, type Analysis, type Judgement, type Level, type Reason } from "../types.ts";
import { MAX_NEW_TAG_NAMES, MAX_REASON_CHARS, MAX_SUGGESTED_TAGS, MAX_SUMMARY_CHARS } from "./limits.ts";

const Confidence = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
/** Generous bounds against runaway answers; what is kept is shortened further when mapped. */
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const judgement = <T extends v.GenericSchema>(value: T) => v.strictObject({ value, confidence: Confidence, reason: Text(2_000) });
const LevelSchema = v.picklist([1, 2, 3] as const);

export const LlmAnswerSchema = v.strictObject({
  urgency: judgement(LevelSchema),
  importance: judgement(LevelSchema),
  category: judgement(v.picklist(CATEGORIES)),
  spam: judgement(v.boolean()),
  newsletter: judgement(v.boolean()),
  summary: Text(4_000),
  language: v.nullable(v.pipe(v.string(), v.regex(/^[a-zA-Z]{2}$/))),
  tags: v.pipe(v.array(v.strictObject({ name: Text(200), confidence: Confidence })), v.maxLength(MAX_SUGGESTED_TAGS)),
  // Optional: a provider without a schema (Anthropic) may leave it out, and that costs only the suggestions.
  newTags: v.optional(v.pipe(v.array(Text(200)), v.maxLength(MAX_NEW_TAG_NAMES)), []),
});
export type LlmAnswer = v.InferOutput<typeof LlmAnswerSchema>;

/**
 * The JSON object in the answer text. Models asked for JSON only still
 * sometimes wrap it in a Markdown fence; nothing else is forgiven.
 */
function jsonText(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  return fenced ? fenced[1]!.trim() : trimmed;
}

/** A model's JSON answer (also inside a Markdown fence), or undefined when it is not JSON. */
export function parseModelJson(text: string): unknown {
  try {
    return JSON.parse(jsonText(text));
  } catch {
    return undefined;
  }
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export interface OutputContext {
  /** The user's tag names in clear, as the user spelled them. */
  userTags: string[];
  /** Placeholders back to clear values (identity for a local provider). */
  restore: (text: string) => string;
}

export type ParsedAnswer = { ok: true; analysis: Analysis; newTagNames: string[] } | { ok: false; problem: "not_json" | "schema" };

/**
 * @example
 *   parseLlmAnswer('{"urgency":{"value":2,…},…}', { userTags: ["Rechnung"], restore })
 *   // { ok: true, analysis: { urgency: { value: 2, confidence: 0.8, reason: { code: "llm", vars: { text: "…" } } }, … } }
 */
export function parseLlmAnswer(text: string, context: OutputContext): ParsedAnswer {
  let json: unknown;
  try {
    json = JSON.parse(jsonText(text));
  } catch {
    return { ok: false, problem: "not_json" };
  }
  const parsed = v.safeParse(LlmAnswerSchema, json);
  if (!parsed.success) return { ok: false, problem: "schema" };
  return { ok: true, analysis: toAnalysis(parsed.output, context), newTagNames: newTagNames(parsed.output, context) };
}

/** The suggested names of tags the user does not have, restored; a name still holding a placeholder (personal data it could not restore) is dropped. */
export function newTagNames(answer: LlmAnswer, { userTags, restore }: OutputContext): string[] {
  const own = new Set(userTags.map((name) => name.toLocaleLowerCase()));
  const names = answer.newTags.map((name) => restore(name).replace(/\s+/g, " ").trim()).filter((name) => name && !/[«»]/.test(name) && !own.has(name.toLocaleLowerCase()));
  return [...new Set(names)];
}

export function toAnalysis(answer: LlmAnswer, { userTags, restore }: OutputContext): Analysis {
  const reason = (text: string): Reason => ({ code: "llm", vars: { text: shorten(restore(text), MAX_REASON_CHARS) } });
  const judged = <T>(j: { value: T; confidence: number; reason: string }): Judgement<T> => ({ value: j.value, confidence: j.confidence, reason: reason(j.reason) });
  const ownTags = new Map(userTags.map((name) => [name.toLocaleLowerCase(), name]));
  const tags: Analysis["tags"] = [];
  for (const tag of answer.tags) {
    const name = ownTags.get(restore(tag.name).trim().toLocaleLowerCase());
    if (name && !tags.some((kept) => kept.name === name)) tags.push({ name, confidence: tag.confidence });
  }
  return {
    urgency: judged<Level>(answer.urgency),
    importance: judged<Level>(answer.importance),
    category: judged(answer.category),
    spam: judged(answer.spam),
    newsletter: judged(answer.newsletter),
    summary: shorten(restore(answer.summary), MAX_SUMMARY_CHARS),
    language: answer.language?.toLowerCase() ?? null,
    tags,
  };
}
