/**
 * Tag changes teach the suggestions (src/analysis/tag-feedback.ts) in
 * `learn_tag_feedback` jobs, ids only: learning reads every message, and a
 * merge or a sync may change thousands, so in jobs of a bounded size.
 */
import type { TransactionSql } from "postgres";
import { addJob } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";
import { TAG_FEEDBACK_JOB_MESSAGES } from "./limits.ts";

export interface TagFeedback {
  userId: string;
  tagId: string;
  kind: "assigned" | "removed";
  messageIds: string[];
}

/** `bulk`: found by a sync, behind what the user asked for. */
export async function learnLater(tx: TransactionSql, feedback: TagFeedback, priority: "requested" | "bulk" = "requested"): Promise<void> {
  for (let start = 0; start < feedback.messageIds.length; start += TAG_FEEDBACK_JOB_MESSAGES) {
    const messageIds = feedback.messageIds.slice(start, start + TAG_FEEDBACK_JOB_MESSAGES);
    await addJob(tx, "learn_tag_feedback", { ...feedback, messageIds }, { priority: priority === "bulk" ? JOB_PRIORITY.bulk : JOB_PRIORITY.requestedAnalysis });
  }
}
