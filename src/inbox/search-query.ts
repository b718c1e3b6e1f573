/**
 * What a search box holds, taken apart: free words, "quoted phrases" and the
 * operators mail clients taught people (Gmail, Outlook, Thunderbird), in
 * English and German spelling.
 *
 *   rechnung "Rechnung März" from:anna to:bob has:attachment in:archive is:unread tag:Uni
 *   rechnung "Rechnung März" von:anna an:bob hat:anhang in:archiv ist:ungelesen schlagwort:"Steuer 2026"
 *
 * A phrase is matched as all of its words, in any order and place: the blind
 * index (src/search/blind-index.ts) holds keyed hashes of words without their
 * positions, and checking the order on decrypted candidates would break the
 * list's keyset paging (a page could no longer stop after 51 index rows).
 *
 * Nothing here fails: an unknown operator (`foo:bar`, `http://…`) is searched
 * as text, an operator without a value (`from:`) is dropped, an unbalanced
 * quote runs to the end of the input.
 */

/** Folder roles `in:` understands, by every name people type for them. */
const FOLDER_ROLES: Record<string, FolderRole> = {
  inbox: "inbox",
  posteingang: "inbox",
  archive: "archive",
  archiv: "archive",
  junk: "junk",
  spam: "junk",
  trash: "trash",
  papierkorb: "trash",
  sent: "sent",
  gesendet: "sent",
};
export type FolderRole = "inbox" | "archive" | "junk" | "trash" | "sent";

/** Operator names, English and German, to what they mean. */
const OPERATORS: Record<string, "from" | "to" | "in" | "has" | "is" | "tag"> = {
  tag: "tag",
  label: "tag",
  schlagwort: "tag",
  from: "from",
  von: "from",
  to: "to",
  an: "to",
  in: "in",
  ordner: "in",
  has: "has",
  hat: "has",
  is: "is",
  ist: "is",
};

const HAS_ATTACHMENT = new Set(["attachment", "attachments", "anhang", "anhänge", "anhaenge"]);
const IS_VALUES: Record<string, "unread" | "read" | "flagged" | "done"> = {
  unread: "unread",
  ungelesen: "unread",
  read: "read",
  gelesen: "read",
  flagged: "flagged",
  starred: "flagged",
  markiert: "flagged",
  done: "done",
  erledigt: "done",
};

export interface SearchQuery {
  /** Free words and phrases as typed (each matched as all its words). */
  text: string[];
  /** Words the sender (name or address) must hold. */
  from: string[];
  /** Words a recipient (To or Cc, name or address) must hold. */
  to: string[];
  /** `in:` folder roles; a message in any of these or of `folderNames` matches. */
  folderRoles: FolderRole[];
  /** `in:` values that are no role: folder names, lower case. */
  folderNames: string[];
  hasAttachment: boolean;
  /** `tag:` names (any letter case): the message must carry each. */
  tags: string[];
  /** is:unread → false, is:read → true. */
  read?: boolean;
  flagged: boolean;
  done: boolean;
  /** How many operators were understood (the empty result suggests removing one). */
  operators: number;
}

/** The pieces of the input: a bare word or phrase, or `name:value` (value possibly quoted). */
function pieces(input: string): { name?: string; value: string; raw: string }[] {
  const found: { name?: string; value: string; raw: string }[] = [];
  // name:"quoted value" | name:value | "quoted phrase" | word. An unbalanced quote runs to the end.
  const pattern = /(\p{L}+):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+)/gu;
  // Control and invisible format characters (NUL, zero-width space) separate like a space.
  for (const match of input
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .matchAll(pattern)) {
    const [raw, name, quotedValue, value, phrase, word] = match;
    if (name !== undefined) found.push({ name: name.toLowerCase(), value: quotedValue ?? value ?? "", raw });
    else found.push({ value: phrase ?? word ?? "", raw });
  }
  return found;
}

/**
 * @example parseSearch('von:anna "Rechnung März" ist:ungelesen')
 *   // { text: ["Rechnung März"], from: ["anna"], read: false, operators: 2, … }
 */
export function parseSearch(input: string): SearchQuery {
  const query: SearchQuery = { text: [], from: [], to: [], folderRoles: [], folderNames: [], hasAttachment: false, tags: [], flagged: false, done: false, operators: 0 };
  for (const { name, value, raw } of pieces(input)) {
    const operator = name === undefined ? undefined : OPERATORS[name];
    const trimmed = value.trim();
    if (name !== undefined && operator === undefined) {
      // Not an operator (a time "10:30", a URL "https://…", "Re:"): the whole piece is text.
      query.text.push(raw);
      continue;
    }
    if (operator === undefined) {
      if (trimmed) query.text.push(trimmed);
      continue;
    }
    if (!trimmed) continue;
    const lower = trimmed.toLowerCase();
    if (operator === "from") query.from.push(trimmed);
    else if (operator === "to") query.to.push(trimmed);
    else if (operator === "tag") query.tags.push(trimmed);
    else if (operator === "in") {
      const role = FOLDER_ROLES[lower];
      if (role) query.folderRoles.push(role);
      else query.folderNames.push(lower);
    } else if (operator === "has") {
      if (!HAS_ATTACHMENT.has(lower)) {
        query.text.push(raw);
        continue;
      }
      query.hasAttachment = true;
    } else {
      const state = IS_VALUES[lower];
      if (state === undefined) {
        query.text.push(raw);
        continue;
      }
      if (state === "unread" || state === "read") query.read = state === "read";
      else if (state === "flagged") query.flagged = true;
      else query.done = true;
    }
    query.operators++;
  }
  return query;
}

/** Whether the search asks for anything at all (a box holding only `"` or `from:` does not). */
export function isEmptySearch(query: SearchQuery): boolean {
  return (
    query.text.length === 0 &&
    query.from.length === 0 &&
    query.to.length === 0 &&
    query.folderRoles.length === 0 &&
    query.folderNames.length === 0 &&
    !query.hasAttachment &&
    query.tags.length === 0 &&
    query.read === undefined &&
    !query.flagged &&
    !query.done
  );
}
