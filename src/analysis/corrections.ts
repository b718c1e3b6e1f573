/**
 * A user's correction (or confirmation) of a message's analysis. In one
 * transaction it changes the stored analysis (and marks the fields as the
 * user's, so no later analysis overwrites them), keeps the correction with
 * the message's features (to rebuild models later), teaches the user's
 * model and the sender's pattern, so the very next message is analysed
 * with it, and queues a run that re-judges the sender's mail already in the
 * box with it.
 */
import { encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { CORRECTABLE_FIELDS, readAnalysis, type CorrectableField, type StoredAnalysis } from "./analysis-store.ts";
import { featuresToJson, learnCorrection, messageFeatures } from "./local/index.ts";
import { markLevelsCorrected, switchImpreciseRules } from "../rules/contradictions.ts";
import { loadMessageForAnalysis } from "./message-input.ts";
import { queueRun, queueSenderRescore } from "./runs.ts";
import { learnFromLabels, senderHash } from "./sender-patterns.ts";
import { analysisBinding, type Analysis, type Category, type Level } from "./types.ts";
import { loadUserModel, resetRescoreCounter, saveUserModel } from "./user-model-store.ts";

export interface CorrectionInput {
  urgency?: Level;
  importance?: Level;
  category?: Category;
  spam?: boolean;
  newsletter?: boolean;
  /** "This is right": every field, the given values and the analysis's others, becomes the user's label, changed or not. */
  confirm?: boolean;
}

/** After this many corrections, recent mail is re-scored with what was learned. */
export const RESCORE_AFTER_CORRECTIONS = 20;

export type CorrectionResult = { ok: true; stored: StoredAnalysis; changed: CorrectableField[] } | { ok: false; reason: "not_found" | "not_analysed" };

const correctionBinding = (userId: string) => ({ owner: userId, purpose: "correction-features" });

export async function applyCorrection(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, input: CorrectionInput): Promise<CorrectionResult> {
  const message = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!message) return { ok: false, reason: "not_found" };
  const features = messageFeatures(message.input).features;
  const result: CorrectionResult = await sql.begin(async (tx): Promise<CorrectionResult> => {
    const stored = await readAnalysis(tx, dataKey, userId, messageId, true);
    if (!stored) return { ok: false, reason: "not_analysed" } as const;
    const labels = CORRECTABLE_FIELDS.flatMap((field) => {
      const current = stored.analysis[field].value;
      const value = input[field] ?? (input.confirm ? current : undefined);
      return value === undefined || (value === current && !input.confirm) ? [] : [{ field, from: String(current), to: String(value), value }];
    });
    if (labels.length === 0) return { ok: true, stored, changed: [] } as const;

    const analysis: Analysis = { ...stored.analysis };
    const model = await loadUserModel(tx, dataKey, userId, true);
    const featuresEncrypted = encrypt(dataKey, featuresToJson(features), correctionBinding(userId));
    for (const label of labels) {
      (analysis as unknown as Record<string, unknown>)[label.field] = { value: label.value, confidence: 1, reason: { code: "user_correction" } };
      learnCorrection(model, features, label.field, label.value as never);
      await tx`
        insert into corrections (user_id, message_id, field, old_value, new_value, features_encrypted)
        values (${userId}, ${messageId}, ${label.field}, ${label.from}, ${label.to}, ${featuresEncrypted})`;
    }
    await learnFromLabels(tx, dataKey, userId, message.sender, labels);
    const correctedFields = [...new Set([...stored.correctedFields, ...labels.map((label) => label.field)])];
    const [row] = await tx<{ updatedAt: Date }[]>`
      update analyses set urgency = ${analysis.urgency.value}, importance = ${analysis.importance.value}, category = ${analysis.category.value},
        spam = ${analysis.spam.value}, newsletter = ${analysis.newsletter.value}, corrected_fields = ${correctedFields},
        detail_encrypted = ${encrypt(dataKey, JSON.stringify(analysis), analysisBinding(userId, messageId))}, updated_at = now()
      where message_id = ${messageId} and user_id = ${userId} returning updated_at as "updatedAt"`;
    const sinceRescore = await saveUserModel(tx, dataKey, userId, model, 1);
    if (sinceRescore >= RESCORE_AFTER_CORRECTIONS) {
      await resetRescoreCounter(tx, userId);
      await queueRun(tx, userId, null, "rescore");
    }
    if (message.sender) await queueSenderRescore(tx, userId, senderHash(dataKey, message.sender));
    const changed = labels.filter((label) => label.to !== label.from).map((label) => label.field);
    return { ok: true, stored: { ...stored, analysis, correctedFields, updatedAt: row!.updatedAt }, changed } as const;
  });
  // A level a rule set, corrected by the user: the rule's miss (src/rules/contradictions.ts).
  if (result.ok && result.changed.some((field) => field === "urgency" || field === "importance")) {
    await switchImpreciseRules(sql, userId, await markLevelsCorrected(sql, userId, messageId));
  }
  return result;
}
