/**
 * Connection test and folder discovery: one login that says, in terms a
 * user can act on, why it failed, which useful extensions are missing, and
 * which folders exist with their special-use roles.
 */
import type { ImapFlow } from "imapflow";
import type { OutboundPolicy } from "../../net/outbound-policy.ts";
import type { MailAccountConnection } from "../accounts/store.ts";
import { createImapClient } from "./client.ts";
import { classifyImapError, type ImapFailure } from "./errors.ts";

export type SpecialUse = "inbox" | "sent" | "drafts" | "trash" | "junk" | "archive" | "all" | "flagged";

export interface DiscoveredFolder {
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: SpecialUse | null;
  /** What LIST-STATUS said about the folder, when asked for and the server has it (RFC 5819). */
  status?: ListedStatus;
}

/** A folder's STATUS as LIST-STATUS reports it: what sync compares with its stored state to skip unchanged folders. */
export interface ListedStatus {
  uidValidity?: bigint;
  uidNext?: number;
  messages?: number;
  highestModseq?: bigint;
}

/** Extensions sync uses when present; without them it falls back to slower ways, so they are warnings. */
export const USEFUL_EXTENSIONS = ["IDLE", "CONDSTORE", "QRESYNC", "UIDPLUS", "MOVE", "SPECIAL-USE"] as const;

export type ConnectionTestResult = { ok: true; capabilities: string[]; missing: string[]; folders: DiscoveredFolder[] } | { ok: false; reason: ImapFailure; message: string };

const SPECIAL_USE: Record<string, SpecialUse> = {
  "\\Inbox": "inbox",
  "\\Sent": "sent",
  "\\Drafts": "drafts",
  "\\Trash": "trash",
  "\\Junk": "junk",
  "\\Archive": "archive",
  "\\All": "all",
  "\\Flagged": "flagged",
};

/**
 * The folders that can hold mail, with their special-use roles. With `withStatus`, a server that has
 * LIST-STATUS also answers each folder's UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ in the same round
 * trip (a server without it is not asked: imapflow would send one STATUS per folder, which sync does itself).
 * Ask before selecting a folder: STATUS of the selected one answers what this session knows.
 */
export async function listServerFolders(client: ImapFlow, options: { withStatus?: boolean } = {}): Promise<DiscoveredFolder[]> {
  const withStatus = options.withStatus === true && client.capabilities.has("LIST-STATUS");
  const condstore = client.enabled.has("CONDSTORE") || client.enabled.has("QRESYNC");
  const listed = await client.list(withStatus ? { statusQuery: { uidValidity: true, uidNext: true, messages: true, highestModseq: condstore } } : {});
  return listed
    .filter((folder) => !folder.flags.has("\\Noselect") && !folder.flags.has("\\NonExistent"))
    .map((folder) => ({
      path: folder.path,
      name: folder.name,
      delimiter: folder.delimiter ?? null,
      specialUse: folder.path.toUpperCase() === "INBOX" ? "inbox" : (SPECIAL_USE[folder.specialUse ?? ""] ?? null),
      ...(withStatus && folder.status && !("error" in folder.status) && { status: folder.status as ListedStatus }),
    }));
}

export async function testImapConnection(account: MailAccountConnection, outbound: OutboundPolicy): Promise<ConnectionTestResult> {
  let client: ImapFlow;
  try {
    client = await createImapClient(account, outbound);
  } catch (error) {
    const failure = classifyImapError(error);
    return { ok: false, reason: failure.reason, message: failure.message };
  }
  try {
    await client.connect();
    const capabilities = [...client.capabilities.keys()];
    if (!capabilities.includes("IMAP4REV1") && !capabilities.includes("IMAP4rev1") && !capabilities.some((name) => /^IMAP4rev2$/i.test(name))) {
      return { ok: false, reason: "capability", message: "the server does not speak IMAP4rev1 or IMAP4rev2" };
    }
    const missing = USEFUL_EXTENSIONS.filter((name) => !client.capabilities.has(name));
    return { ok: true, capabilities, missing, folders: await listServerFolders(client) };
  } catch (error) {
    const failure = classifyImapError(error);
    return { ok: false, reason: failure.reason, message: failure.message };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
