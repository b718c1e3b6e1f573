/**
 * The JSON schema of the answer, sent to providers that constrain their
 * output with one (Ollama `format`, OpenAI `response_format`). It says the
 * same as the valibot schema in output.ts, which is what is enforced: every
 * object closed, every field required (OpenAI's strict mode needs both).
 */
import { CATEGORIES } from "../types.ts";
import { MAX_NEW_TAG_NAMES, MAX_SUGGESTED_TAGS } from "./limits.ts";

function judgement(value: Record<string, unknown>) {
  return {
    type: "object",
    additionalProperties: false,
    required: ["value", "confidence", "reason"],
    properties: { value, confidence: { type: "number", minimum: 0, maximum: 1 }, reason: { type: "string" } },
  };
}

/** @param tagNames the user's tags as the provider sees them (anonymised like the message) */
export function answerJsonSchema(tagNames: string[]): Record<string, unknown> {
  const tagName = tagNames.length ? { type: "string", enum: tagNames } : { type: "string" };
  return {
    type: "object",
    additionalProperties: false,
    required: ["urgency", "importance", "category", "spam", "newsletter", "summary", "language", "tags", "newTags"],
    properties: {
      urgency: judgement({ type: "integer", enum: [1, 2, 3] }),
      importance: judgement({ type: "integer", enum: [1, 2, 3] }),
      category: judgement({ type: "string", enum: [...CATEGORIES] }),
      spam: judgement({ type: "boolean" }),
      newsletter: judgement({ type: "boolean" }),
      summary: { type: "string" },
      language: { type: ["string", "null"] },
      tags: {
        type: "array",
        maxItems: tagNames.length ? MAX_SUGGESTED_TAGS : 0,
        items: { type: "object", additionalProperties: false, required: ["name", "confidence"], properties: { name: tagName, confidence: { type: "number", minimum: 0, maximum: 1 } } },
      },
      newTags: { type: "array", maxItems: MAX_NEW_TAG_NAMES, items: { type: "string" } },
    },
  };
}
