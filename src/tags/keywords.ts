/**
 * Tags on the server: each tag is an IMAP keyword, so Thunderbird, phones
 * and web mail show and change the same tags. The keyword is made from the
 * name once per account and then kept (a rename changes the name shown
 * here, not the keyword other clients know, as Thunderbird does it).
 */
import type { Queryable } from "../db/connection.ts";
import { KEYWORD_MAX_CHARS } from "./limits.ts";

const GERMAN: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue", ß: "ss", ẞ: "SS" };

/**
 * An RFC 3501 atom made from a tag name: umlauts spelled out, accents
 * dropped, spaces as "_", and none of `( ) { % * " \ ]` or anything outside
 * printable ASCII; never starting with "$" (reserved for registered
 * keywords). Empty when nothing of the name is left (a name in another
 * script): the caller names it after the tag instead.
 *
 * @example keywordFromName("Rechnungen 2026") // "Rechnungen_2026"
 * @example keywordFromName("Übersetzung (Fr.)") // "Uebersetzung_Fr."
 */
export function keywordFromName(name: string): string {
  return name
    .replace(/[äöüÄÖÜßẞ]/gu, (letter) => GERMAN[letter]!)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/\s+/gu, "_")
    .replace(/[^\x21-\x7e]|[(){%*"\\\]]/gu, "")
    .replace(/^\$+/u, "")
    .slice(0, KEYWORD_MAX_CHARS);
}

/**
 * Keywords that are not the user's tags: the registered `$…` ones
 * ($Forwarded, $MDNSent, $Junk, Thunderbird's $label1…) and the junk
 * markers some servers and clients set without the `$`.
 */
export function isSystemKeyword(keyword: string): boolean {
  return keyword.startsWith("$") || keyword.startsWith("\\") || /^(?:junk|nonjunk|notjunk|old|forwarded|redirected)$/iu.test(keyword);
}

/** The keyword tags are told apart by: IMAP keywords compare without regard to letter case. */
export const keywordKey = (keyword: string) => keyword.toLowerCase();

/**
 * The keyword `tagId` is written as in the account, made (and recorded) on
 * first use: from the name, with "_2", "_3"… when another tag of the
 * account has it already.
 */
export async function tagKeyword(tx: Queryable, userId: string, accountId: string, tagId: string, name: string): Promise<string> {
  const [known] = await tx<{ keyword: string }[]>`select keyword from tag_keywords where tag_id = ${tagId} and account_id = ${accountId} and user_id = ${userId}`;
  if (known) return known.keyword;
  const base = keywordFromName(name) || `tag_${tagId.slice(0, 8)}`;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `_${n}`;
    const keyword = base.slice(0, KEYWORD_MAX_CHARS - suffix.length) + suffix;
    const [inserted] = await tx<{ keyword: string }[]>`
      insert into tag_keywords (tag_id, account_id, user_id, keyword) values (${tagId}, ${accountId}, ${userId}, ${keyword})
      on conflict do nothing returning keyword`;
    if (inserted) return inserted.keyword;
    // Taken: by this tag (a concurrent first use) or by another one.
    const [mine] = await tx<{ keyword: string }[]>`select keyword from tag_keywords where tag_id = ${tagId} and account_id = ${accountId}`;
    if (mine) return mine.keyword;
  }
}
