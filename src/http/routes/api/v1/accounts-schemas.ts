/**
 * Schemas of the mail account API and how rows become them. Credentials are
 * never part of any response: the user name and password go in, nothing
 * of them comes out.
 */
import { z } from "@hono/zod-openapi";
import type { MailAccount } from "../../../../mail/accounts/store.ts";
import type { Folder } from "../../../../mail/folders.ts";
import type { SyncState } from "../../../../mail/sync/state.ts";
import { idleAlive } from "../../../../mail/sync/state.ts";
import { IMAP_SECURITIES } from "../../../../mail/accounts/input.ts";
import { errorSpec } from "../../../errors.ts";

export { NewMailAccountSchema, type NewMailAccount } from "../../../../mail/accounts/input.ts";

const dateTime = () => z.string().openapi({ format: "date-time" });
const SPECIAL_USES = ["inbox", "sent", "drafts", "trash", "junk", "archive", "all", "flagged"] as const;
const SYNC_PHASES = ["connecting", "syncing", "done", "failed", "waiting_for_sign_in"] as const;

export const MailAccountSchema = z
  .object({
    id: z.string().uuid(),
    label: z.string(),
    host: z.string(),
    port: z.number().int(),
    security: z.enum(IMAP_SECURITIES),
    tlsCa: z.string().nullable().openapi({ description: "The pinned certificate (PEM), if any." }),
    enabled: z.boolean(),
    status: z.enum(["ok", "auth_failed", "error"]).openapi({ description: "`auth_failed`: the server refused the password; syncing waits until it is changed." }),
    lastError: z.string().nullable(),
    lastErrorAt: dateTime().nullable(),
    lastSyncStartedAt: dateTime().nullable(),
    lastSyncAt: dateTime().nullable().openapi({ description: "End of the last successful sync." }),
    idleSeenAt: dateTime().nullable(),
    idleAlive: z.boolean().openapi({ description: "The IMAP IDLE watcher reported within the last 2 minutes." }),
    syncSince: z.string().nullable().openapi({ format: "date" }),
    maxMessageBytes: z.number().int().nullable(),
    connectionBudget: z.number().int(),
    createdAt: dateTime(),
  })
  .openapi("MailAccount");

export const MailFolderSchema = z
  .object({
    id: z.string().uuid(),
    path: z.string(),
    name: z.string(),
    specialUse: z.enum(SPECIAL_USES).nullable(),
    selected: z.boolean().openapi({ description: "Included in sync." }),
    existsOnServer: z.boolean(),
    messageCount: z.number().int().nullable(),
    lastSyncedAt: dateTime().nullable(),
  })
  .openapi("MailFolder");

export const MailAccountDetailSchema = MailAccountSchema.extend({ folders: z.array(MailFolderSchema) }).openapi("MailAccountDetail");

export const MailAccountCreatedSchema = MailAccountDetailSchema.extend({
  missingExtensions: z
    .array(z.string())
    .openapi({ description: "Useful IMAP extensions the server lacks (IDLE, CONDSTORE, QRESYNC, UIDPLUS, MOVE, SPECIAL-USE): sync works without them, only slower." }),
}).openapi("MailAccountCreated");

export const MailAccountListSchema = z.object({ accounts: z.array(MailAccountSchema) }).openapi("MailAccountList");

export const SyncProgressSchema = z
  .object({
    phase: z.enum(SYNC_PHASES),
    foldersDone: z.number().int(),
    foldersTotal: z.number().int(),
    fetched: z.number().int(),
    total: z.number().int(),
    currentFolder: z.string().nullable(),
    startedAt: dateTime(),
    updatedAt: dateTime(),
    finishedAt: dateTime().nullable(),
    error: z.string().nullable(),
  })
  .openapi("SyncProgress");

export const SyncStatusSchema = z
  .object({
    queued: z.boolean().openapi({ description: "A sync job is running or due." }),
    active: z.boolean().openapi({ description: "Worth polling again: queued, or a sync is reporting progress." }),
    progress: SyncProgressSchema.nullable().openapi({ description: "The running or last sync; null before the first. Its counts are that run's only." }),
    storedMessages: z.number().int().openapi({ description: "Messages of the account stored here (those deleted on the server are not counted)." }),
  })
  .openapi("SyncStatus");

export type MailAccountJson = z.infer<typeof MailAccountSchema>;
export type MailAccountDetailJson = z.infer<typeof MailAccountDetailSchema>;
export type MailAccountCreatedJson = z.infer<typeof MailAccountCreatedSchema>;
export type MailAccountListJson = z.infer<typeof MailAccountListSchema>;
export type SyncStatusJson = z.infer<typeof SyncStatusSchema>;

export const AccountIdParamSchema = z.object({
  accountId: z.string().openapi({ param: { name: "accountId", in: "path" }, format: "uuid", example: "5b0e6f0c-3c1e-4a59-9d1a-6f3f3b1c2d4e" }),
});

const envelope = errorSpec;
export const accountErrors = {
  401: envelope("Not signed in"),
  404: envelope("No such mail account of yours"),
} as const;
export { envelope };

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function accountJson(account: MailAccount): MailAccountJson {
  return {
    id: account.id,
    label: account.label,
    host: account.host,
    port: account.port,
    security: account.security,
    tlsCa: account.tlsCa,
    enabled: account.enabled,
    status: account.status,
    lastError: account.lastError,
    lastErrorAt: iso(account.lastErrorAt),
    lastSyncStartedAt: iso(account.lastSyncStartedAt),
    lastSyncAt: iso(account.lastSyncAt),
    idleSeenAt: iso(account.idleSeenAt),
    idleAlive: idleAlive(account),
    syncSince: account.syncSince ? account.syncSince.toISOString().slice(0, 10) : null,
    maxMessageBytes: account.maxMessageBytes,
    connectionBudget: account.connectionBudget,
    createdAt: account.createdAt.toISOString(),
  };
}

export function folderJson(folder: Folder): z.infer<typeof MailFolderSchema> {
  return {
    id: folder.id,
    path: folder.path,
    name: folder.name,
    specialUse: folder.specialUse,
    selected: folder.selected,
    existsOnServer: folder.existsOnServer,
    messageCount: folder.messageCount,
    lastSyncedAt: iso(folder.lastSyncedAt),
  };
}

export function syncStatusJson(state: SyncState): SyncStatusJson {
  const { progress } = state;
  return {
    queued: state.queued,
    active: state.active,
    storedMessages: state.storedMessages,
    progress: progress
      ? {
          phase: progress.phase,
          foldersDone: progress.foldersDone,
          foldersTotal: progress.foldersTotal,
          fetched: progress.fetched,
          total: progress.total,
          currentFolder: progress.currentFolder,
          startedAt: progress.startedAt.toISOString(),
          updatedAt: progress.updatedAt.toISOString(),
          finishedAt: iso(progress.finishedAt),
          error: progress.error,
        }
      : null,
  };
}
