/** What the steps of one user's import share (./import.ts makes it, ./import-mail.ts and ./import-lists.ts use it). */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { ImportReport } from "./report.ts";
import type { KimhSource } from "./source.ts";

export interface UserImport {
  sql: Sql;
  source: KimhSource;
  report: ImportReport;
  dryRun: boolean;
  /** KI-Mail-Helper's user id and address (for the report). */
  kimhUserId: number;
  email: string;
  /** Its data key, unwrapped with the user's password. */
  kimhKey: Buffer;
  /** Ours; null in a dry run for a user not migrated yet (nothing of theirs exists here). */
  userId: string | null;
  dataKey: SecretKey | null;
  /** Filled by the mail step for the later ones. */
  messages: Map<string, { ourId: string | null; sender: string | null }>;
  /** Filled by the analysis step: processed_emails.id → raw_emails.id. */
  processed: Map<string, string>;
  /** SHA-256 of each migrated sender's address (KI-Mail-Helper's sender_hash) → the address. */
  senders: Map<string, string>;
  /** Our folders of the migrated accounts, by path. */
  folders: { accountId: string; folderId: string; path: string }[];
  /** Source tag id → our tag id. */
  tags: Map<string, string>;
}

/** The skip reason of a row whose encrypted columns do not open with the user's key (a damaged row). */
export const decryptFailed = "does not decrypt with the user's data key";
