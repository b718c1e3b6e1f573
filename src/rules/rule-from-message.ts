/**
 * "Make a rule from this message": a draft for the editor from one of the
 * user's messages. A mailing list's mail is caught by its List-Id (the
 * part in angle brackets, which stays when the list's display name
 * changes), other mail by the sender's address; the subject's longer
 * words are offered as further conditions. Another user's message, a
 * malformed id and a message that is gone are all undefined (the route
 * answers 404). Nothing is saved.
 *
 * @example
 *   await ruleFromMessage(sql, dataKey, userId, messageId, "de")
 *   // { draft: { name: "Von shop@example.org", condition: { type: "all", children: [from is shop@example.org] }, actions: [flag], words: ["Rechnung", "April"] }, subject: "Rechnung April" }
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isOwnMessage } from "../inbox/message.ts";
import { t, type Lang } from "../i18n/messages.ts";
import { loadMessageViews } from "./load-views.ts";
import { newAction, type RuleDraft } from "./rule-form.ts";

/** Subject words offered: at most this many, of at least MIN_WORD_CHARS letters. */
const MAX_OFFERED_WORDS = 6;
const MIN_WORD_CHARS = 4;

/** The List-Id's identifier: `Name <list.example.org>` → `list.example.org`; without brackets, the whole trimmed value. */
export function listIdentifier(listId: string): string {
  const bracketed = /<([^<>]+)>/.exec(listId);
  return (bracketed ? bracketed[1]! : listId).trim();
}

/** Distinct words of the subject worth a condition: letters and digits, long enough, no "Re:"/"Fwd:". */
export function subjectWords(subject: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of subject.split(/[^\p{L}\p{N}-]+/u)) {
    const key = word.toLowerCase();
    if (word.length < MIN_WORD_CHARS || seen.has(key) || /^\d+$/.test(word)) continue;
    seen.add(key);
    words.push(word);
    if (words.length === MAX_OFFERED_WORDS) break;
  }
  return words;
}

export async function ruleFromMessage(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, lang: Lang): Promise<{ draft: RuleDraft; subject: string } | undefined> {
  if (!(await isOwnMessage(sql, userId, messageId))) return undefined;
  const [view] = await loadMessageViews(sql, dataKey, userId, [messageId], { body: false, rawHeaders: false, attachments: false, vip: false });
  if (!view) return undefined;
  const list = view.listId ? listIdentifier(view.listId) : "";
  const sender = view.from[0]?.address ?? "";
  const test = list ? { type: "text" as const, fields: { field: "list-id", match: "contains", value: list } } : { type: "text" as const, fields: { field: "from", match: "is", value: sender } };
  return {
    subject: view.subject,
    draft: {
      name: t(lang, "ruleEditor.fromMessageName", { sender: list || sender }).slice(0, 200),
      enabled: true,
      mode: "act",
      accountIds: [],
      folderIds: [],
      condition: { type: "all", children: [test] },
      actions: [newAction("move")],
      words: subjectWords(view.subject),
    },
  };
}
