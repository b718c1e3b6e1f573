/**
 * An AnalysisInput from a freshly parsed message, for the benchmark, the
 * prior's training and tests (the job builds its own from the stored,
 * decrypted message and the user's context).
 */
import type { ParsedMessage } from "../../mail/parse/types.ts";
import type { AnalysisInput } from "../types.ts";

export function analysisInputFromParsed(parsed: ParsedMessage, context: Partial<Pick<AnalysisInput, "ownAddresses" | "repliesToOwnMail" | "userTags" | "folderRole">> = {}): AnalysisInput {
  return {
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    headers: parsed.headers,
    rawHeaders: parsed.rawHeaders,
    text: parsed.text,
    html: parsed.html,
    attachmentNames: parsed.attachments.flatMap((attachment) => (!attachment.inline && attachment.filename ? [attachment.filename] : [])),
    folderRole: context.folderRole ?? null,
    date: parsed.date,
    hasAttachments: parsed.attachments.some((attachment) => !attachment.inline),
    isCalendar: parsed.calendar !== null,
    ownAddresses: context.ownAddresses ?? [],
    repliesToOwnMail: context.repliesToOwnMail ?? false,
    userTags: context.userTags ?? [],
  };
}
