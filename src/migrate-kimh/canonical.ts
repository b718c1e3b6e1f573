/**
 * The canonical content of a migrated row, computed the same way from
 * KI-Mail-Helper's decrypted columns (source side) and from our decrypted
 * rows (target side), for the per-table checksums (./report.ts). Only what
 * survives the trip unchanged is compared: a message's identity, subject,
 * sender address and body; an attachment's name and bytes.
 */
import { sha256Hex } from "./report.ts";

export const oneSpace = (value: string | null | undefined) => (value ?? "").replace(/\s+/g, " ").trim();
export const normalBody = (value: string | null | undefined) => (value ?? "").replace(/\r\n?/g, "\n").trim();
export const bareMessageId = (value: string | null | undefined) => (value ?? "").trim().replace(/^<|>$/g, "");

/** The address in "Name <a@b>" or a bare one, lower-cased; null when there is none. */
export function senderAddress(sender: string | null | undefined): string | null {
  if (!sender) return null;
  const match = /<([^<>]+)>/.exec(sender);
  const address = (match ? match[1]! : sender).trim().toLowerCase();
  return address.includes("@") ? address : null;
}

export const messageCanonical = (fields: { messageId: string | null; subject: string | null; sender: string | null; body: string | null }) => [
  bareMessageId(fields.messageId),
  oneSpace(fields.subject),
  senderAddress(fields.sender) ?? "",
  normalBody(fields.body),
];

export const attachmentCanonical = (filename: string | null, content: Uint8Array | null) => [oneSpace(filename), content ? sha256Hex(content) : ""];
