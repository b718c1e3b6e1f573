/**
 * What rules see of one message: decrypted once (./load-views.ts), then
 * tested by every rule. Plain data, never logged, never in a job payload.
 */
import type { Category, Level } from "../analysis/types.ts";
import type { MailAddress } from "../mail/parse/types.ts";

export interface MessageView {
  id: string;
  accountId: string;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  listId: string | null;
  /** The raw header block as received ("" when not kept), for `header` conditions. */
  rawHeaders: string;
  /** Plain text of the body ("" when the rules need none: ./load-views.ts loads it only then). */
  body: string;
  size: number;
  /** Received, else sent, else stored. */
  date: Date;
  /** When it was stored here: the pipeline runs a rule only on mail stored after the rule was made. */
  storedAt: Date;
  hasAttachments: boolean;
  /** Name and type of each attachment that is not an inline part (loaded only when a rule asks for a type). */
  attachments: { filename: string | null; contentType: string | null }[];
  folderIds: string[];
  tagIds: string[];
  /** Null while not analysed. */
  analysis: {
    category: Category;
    spam: boolean;
    newsletter: boolean;
    phishing: boolean;
    urgency: Level;
    importance: Level;
    language: string | null;
  } | null;
  vip: boolean;
}
