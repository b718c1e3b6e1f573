/**
 * A folder's name as people read it: the word for its role where the server
 * marks one (INBOX is "Posteingang", \Junk is "Spam"), the server's own name
 * otherwise, since that is the name the user gave it.
 *
 * @example
 *   folderName("de", { name: "INBOX", specialUse: "inbox" }) // "Posteingang"
 *   folderName("de", { name: "Projekte", specialUse: null }) // "Projekte"
 */
import type { SpecialUse } from "../src/mail/imap/discover.ts";
import { type Lang, t } from "../src/i18n/messages.ts";

const ROLES: ReadonlySet<string> = new Set<SpecialUse>(["inbox", "sent", "drafts", "trash", "junk", "archive", "all", "flagged"]);

export function folderName(lang: Lang, folder: { name: string; specialUse: string | null }): string {
  return folder.specialUse && ROLES.has(folder.specialUse) ? t(lang, `accounts.role.${folder.specialUse as SpecialUse}`) : folder.name;
}

/** A folder in a choice among all the user's mailboxes: "Privat / Posteingang" with several, "Posteingang" with one. */
export function folderChoiceLabel(lang: Lang, folder: { accountLabel: string | null; path: string; specialUse: string | null }): string {
  const name = folderName(lang, { name: folder.path, specialUse: folder.specialUse });
  return folder.accountLabel ? `${folder.accountLabel} / ${name}` : name;
}
