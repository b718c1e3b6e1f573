/** Placeholder until the tag model lands: feedback is accepted and not yet learned from. */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";

export async function recordTagFeedback(_sql: Sql, _dataKey: SecretKey, _userId: string, _messageId: string, _tagId: string, _kind: "assigned" | "removed" | "rejected"): Promise<void> {}
