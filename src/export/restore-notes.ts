/**
 * Why a restore skipped something other than "already there", kept as a code
 * with its parameters (in `mail_imports.restore_report`) so each reader sees
 * it in their own language; the API gives the code, the parameters and the
 * English text. Rows written before the codes hold English sentences: those
 * are shown as they are.
 *
 * @example
 *   restoreNoteText({ code: "rule_limit", params: { rule: "Hausverwaltung" } }, "de")
 *   // 'Regel „Hausverwaltung“: Sie haben schon so viele Regeln wie erlaubt.'
 */
import { type Lang, t } from "../i18n/messages.ts";

export type RestoreNote =
  /** The tag was not created: the user has MAX_TAGS_PER_USER. */
  | { code: "tag_limit"; params: { tag: string } }
  /** Assignments whose message or tag is not in this mailbox. */
  | { code: "tag_assignments_missing"; params: { count: number } }
  /** Analyses whose message is not in this mailbox. */
  | { code: "analyses_missing"; params: { count: number } }
  /** The rule's definition, with this install's ids, does not validate. */
  | { code: "rule_invalid"; params: { rule: string } }
  /** The rule names a folder, tag or account this user lacks. */
  | { code: "rule_unmapped"; params: { rule: string } }
  /** The rule was not created: the user has MAX_RULES_PER_USER. */
  | { code: "rule_limit"; params: { rule: string } }
  /** The VIP entry is not a valid address or domain here. */
  | { code: "vip_invalid"; params: { kind: string; value: string } }
  /** The VIP list is full. */
  | { code: "vip_full"; params: { kind: string; value: string } };

export type RestoreNoteCode = RestoreNote["code"];

const CODES: Record<RestoreNoteCode, true> = {
  tag_limit: true,
  tag_assignments_missing: true,
  analyses_missing: true,
  rule_invalid: true,
  rule_unmapped: true,
  rule_limit: true,
  vip_invalid: true,
  vip_full: true,
};
/** Every code, for the API's schema (the record above fails to compile when the union gains one). */
export const RESTORE_NOTE_CODES = Object.keys(CODES) as [RestoreNoteCode, ...RestoreNoteCode[]];

/** A note in `lang`; an English sentence from before the codes comes back as it is. */
export function restoreNoteText(note: RestoreNote | string, lang: Lang): string {
  if (typeof note === "string") return note;
  const vars = Object.fromEntries(Object.entries(note.params).map(([name, value]) => [name, String(value)]));
  return t(lang, `imports.note.${note.code}`, vars);
}
