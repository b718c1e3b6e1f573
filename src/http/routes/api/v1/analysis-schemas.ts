/** JSON shapes of a message's analysis, its corrections and analysis runs. */
import { z } from "@hono/zod-openapi";
import type { StoredAnalysis } from "../../../../analysis/analysis-store.ts";
import type { AnalysisRun } from "../../../../analysis/runs.ts";
import { priorityScore, trafficLight } from "../../../../analysis/score.ts";
import { CATEGORIES, PROVIDER_KINDS, type Judgement } from "../../../../analysis/types.ts";

const ReasonSchema = z.object({ code: z.string(), vars: z.record(z.string(), z.string()).optional() }).openapi("AnalysisReason");
const judgement = <T extends z.ZodType>(value: T) => z.object({ value, confidence: z.number().min(0).max(1), reason: ReasonSchema });
const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const AnalysisSchema = z
  .object({
    messageId: z.string().uuid(),
    urgency: judgement(LevelSchema),
    importance: judgement(LevelSchema),
    score: z.number().int().min(3).max(9).openapi({ description: "2 × urgency + importance" }),
    trafficLight: z.enum(["red", "yellow", "green"]).openapi({ description: "red ≥ 8, yellow ≥ 5, else green" }),
    category: judgement(z.enum(CATEGORIES)),
    spam: judgement(z.boolean()),
    newsletter: judgement(z.boolean()),
    summary: z.string(),
    language: z.string().nullable(),
    tags: z.array(
      z.object({
        name: z.string(),
        confidence: z.number(),
        tagId: z.string().uuid().optional().openapi({ description: "Learned suggestions of the local analyser; absent in older analyses and from LLMs" }),
        reason: ReasonSchema.optional(),
      }),
    ),
    provider: z.enum(PROVIDER_KINDS),
    model: z.string().nullable(),
    fallbackReason: z.string().nullable().openapi({ description: "An LLM was asked but this analysis was kept: budget_spent, invalid_output, timeout…" }),
    correctedFields: z.array(z.enum(["urgency", "importance", "category", "spam", "newsletter"])),
    analysedAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("MessageAnalysis");

export const CorrectionSchema = z
  .object({
    urgency: LevelSchema.optional(),
    importance: LevelSchema.optional(),
    category: z.enum(CATEGORIES).optional(),
    spam: z.boolean().optional(),
    newsletter: z.boolean().optional(),
    confirm: z.boolean().optional().openapi({ description: "The analysis is right: every field (the given values, the analysis's for the others) becomes the user's label, changed or not." }),
  })
  .strict()
  .openapi("AnalysisCorrection", { example: { urgency: 3, importance: 2 } });

export const RunSchema = z
  .object({
    id: z.string().uuid(),
    messageId: z.string().uuid().nullable(),
    kind: z.enum(["llm", "reprocess", "second_opinion", "rescore", "rescore_sender"]),
    state: z.enum(["queued", "running", "done", "failed"]),
    outcome: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    finishedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("AnalysisRun");

const plain = <T>(judgement: Judgement<T>) => ({ value: judgement.value, confidence: judgement.confidence, reason: judgement.reason });

export function analysisJson(messageId: string, stored: StoredAnalysis): z.infer<typeof AnalysisSchema> {
  const { analysis, provenance } = stored;
  const score = priorityScore(analysis.urgency.value, analysis.importance.value);
  return {
    messageId,
    urgency: plain(analysis.urgency),
    importance: plain(analysis.importance),
    score,
    trafficLight: trafficLight(score),
    category: plain(analysis.category),
    spam: plain(analysis.spam),
    newsletter: plain(analysis.newsletter),
    summary: analysis.summary,
    language: analysis.language,
    tags: analysis.tags,
    provider: provenance.provider,
    model: provenance.model,
    fallbackReason: provenance.fallbackReason,
    correctedFields: stored.correctedFields,
    analysedAt: stored.analysedAt.toISOString(),
    updatedAt: stored.updatedAt.toISOString(),
  };
}

export function runJson(run: AnalysisRun): z.infer<typeof RunSchema> {
  return { ...run, createdAt: run.createdAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
}
