/**
 * What the message page shows around the body: where the message lives,
 * its thread, the AI analysis, tags and the actions still waiting for the
 * server. Every query is scoped by the message's owner.
 */
import { analysisBinding, type Analysis } from "../analysis/types.ts";
import { decryptText } from "../crypto/aead.ts";
import type { Sql } from "../db/connection.ts";
import { listAttachments, type AttachmentInfo } from "./attachments.ts";
import { readHeaders, messageBinding, type OwnMessage } from "./message.ts";
import { messageTags, type TagChip } from "./message-tags.ts";

export interface Location {
  accountLabel: string;
  folderId: string;
  folderName: string;
  folderPath: string;
  specialUse: string | null;
}

/** The folders holding a copy (each once: a folder may hold two copies of one message). */
export async function messageLocations(sql: Sql, message: OwnMessage): Promise<{ accountLabel: string; folders: Location[] }> {
  const [account] = await sql<{ label: string }[]>`select label from mail_accounts where id = ${message.accountId} and user_id = ${message.userId}`;
  const folders = await sql<Location[]>`
    select distinct on (f.path) a.label as "accountLabel", f.id as "folderId", f.name as "folderName", f.path as "folderPath", f.special_use as "specialUse"
    from message_copies c join folders f on f.id = c.folder_id join mail_accounts a on a.id = f.account_id
    where c.message_id = ${message.id} and f.user_id = ${message.userId} order by f.path`;
  return { accountLabel: account?.label ?? "", folders };
}

/** Folders of the message's account a move may go to. */
export async function moveTargets(sql: Sql, message: OwnMessage): Promise<{ id: string; name: string; path: string; specialUse: string | null }[]> {
  return await sql`
    select id, name, path, special_use as "specialUse" from folders
    where account_id = ${message.accountId} and user_id = ${message.userId} and exists_on_server
    order by special_use = 'inbox' desc, path`;
}

export interface ThreadEntry {
  id: string;
  subject: string;
  from: string;
  date: Date | null;
}

/** Messages of the thread beyond this the page lists only the nearest ones. */
const MAX_THREAD_ENTRIES = 200;

/** The thread, oldest first (the message itself among them). */
export async function messageThread(sql: Sql, message: OwnMessage): Promise<ThreadEntry[]> {
  const rows = await sql<{ id: string; date: Date | null; headersEncrypted: Uint8Array }[]>`
    select id, coalesce(sent_at, received_at) as date, headers_encrypted as "headersEncrypted"
    from messages
    where thread_id = ${message.threadId} and user_id = ${message.userId} and orphaned_at is null
    order by coalesce(sent_at, received_at, created_at), created_at, id
    limit ${MAX_THREAD_ENTRIES}`;
  return rows.map((row) => {
    const headers = readHeaders(decryptText(message.dataKey, row.headersEncrypted, messageBinding(message.userId, row.id, "message-headers")));
    const sender = headers.from[0];
    return { id: row.id, subject: headers.subject, from: sender ? sender.name || sender.address : "", date: row.date };
  });
}

export interface StoredAnalysis {
  urgency: number;
  importance: number;
  score: number;
  trafficLight: "red" | "yellow" | "green";
  category: string;
  spam: boolean;
  newsletter: boolean;
  provider: string;
  model: string | null;
  fallbackReason: string | null;
  correctedFields: string[];
  detail: Analysis | null;
  /** The user has an LLM provider with a second-opinion model to ask. */
  secondOpinion: boolean;
}

export async function messageAnalysis(sql: Sql, message: OwnMessage): Promise<StoredAnalysis | undefined> {
  const [row] = await sql<(Omit<StoredAnalysis, "detail"> & { detailEncrypted: Uint8Array })[]>`
    select urgency, importance, score, traffic_light as "trafficLight", category, spam, newsletter, provider, model,
           fallback_reason as "fallbackReason", corrected_fields as "correctedFields", detail_encrypted as "detailEncrypted",
           exists (select 1 from llm_providers p where p.user_id = ${message.userId} and p.enabled and p.second_opinion_model is not null) as "secondOpinion"
    from analyses where message_id = ${message.id} and user_id = ${message.userId}`;
  if (!row) return undefined;
  const { detailEncrypted, ...columns } = row;
  let detail: Analysis | null = null;
  try {
    detail = JSON.parse(decryptText(message.dataKey, detailEncrypted, analysisBinding(message.userId, message.id))) as Analysis;
  } catch {
    // The columns still say what the analysis decided; only the words are missing.
    detail = null;
  }
  return { ...columns, detail };
}

export interface PendingAction {
  id: string;
  action: string;
  state: "pending" | "failed";
  error: string | null;
  createdAt: Date;
}

/** Actions not yet confirmed by the server, and those that failed in the last day. */
export async function pendingActions(sql: Sql, message: OwnMessage): Promise<PendingAction[]> {
  return await sql<PendingAction[]>`
    select id, action, state, error, created_at as "createdAt" from action_journal
    where message_id = ${message.id} and user_id = ${message.userId}
      and (state = 'pending' or (state = 'failed' and finished_at > now() - interval '1 day'))
    order by created_at`;
}

export interface MessageDetails {
  locations: { accountLabel: string; folders: Location[] };
  targets: { id: string; name: string; path: string; specialUse: string | null }[];
  thread: ThreadEntry[];
  analysis: StoredAnalysis | undefined;
  tags: TagChip[];
  attachments: AttachmentInfo[];
  pending: PendingAction[];
}

/** Everything the message page shows around the body, read at once (each is one query). */
export async function messageDetails(sql: Sql, message: OwnMessage): Promise<MessageDetails> {
  const [locations, targets, thread, analysis, tags, attachments, pending] = await Promise.all([
    messageLocations(sql, message),
    moveTargets(sql, message),
    messageThread(sql, message),
    messageAnalysis(sql, message),
    messageTags(sql, message),
    listAttachments(sql, message),
    pendingActions(sql, message),
  ]);
  return { locations, targets, thread, analysis, tags, attachments, pending };
}
