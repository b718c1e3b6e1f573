/**
 * The user's rules as a Sieve script (RFC 5228), to take them to a mail
 * server or another client. Pure: folder paths and tag keywords come from a
 * lookup the caller passes. Only enabled rules in act mode are exported as
 * code; every other rule, and every rule with a condition Sieve cannot say
 * (the AI's results, the VIP list, folders, tags, attachments, age), stays
 * as comments naming the rule and what was left out. A condition is never
 * dropped from a tree: without it the rule would match other mail.
 *
 * Two differences remain and the script's header says so: address tests see
 * only the address (our rules also match the display name), a message two
 * rules move is filed into both folders (our rules keep the first), and a
 * regex is RE2 syntax while Sieve servers read POSIX (`\d` and `\s` are
 * not POSIX; write `[0-9]` and `[[:space:]]` where the script must move).
 *
 * @example
 *   exportSieve([{ name: "Rechnungen", enabled: true, mode: "act", definition }], names)
 *   // require ["fileinto"];
 *   // # Rule: Rechnungen
 *   // if header :comparator "i;unicode-casemap" :contains "subject" "rechnung" { fileinto "Rechnungen"; }
 */
import { sieveTextKey } from "./sieve-text.ts";
import type { Comparison, Condition, MatchType, RuleAction, RuleDefinition, RuleMode } from "./rule-schema.ts";

export interface ExportableRule {
  name: string;
  enabled: boolean;
  mode: RuleMode;
  definition: RuleDefinition;
}

/** What the script needs to name the user's folders and tags; undefined when unknown. */
export interface SieveNames {
  folderPath: (folderId: string) => string | undefined;
  tagKeyword: (tagId: string) => string | undefined;
  archivePath?: string;
  trashPath?: string;
}

const ADDRESS_FIELDS = new Set(["from", "to", "cc", "reply-to"]);

/** A Sieve quoted string: backslash and double quote escaped (RFC 5228 2.4.2). */
export const quote = (text: string) => `"${text.replace(/[\\"]/g, "\\$&")}"`;

/** A comment line: user text on one line, so it cannot end the comment and become code. */
const comment = (text: string) => `# ${text.replace(/[\r\n]+/g, " ")}`;

type Emitted = { ok: true; code: string } | { ok: false; why: string };

/** `<test> :<match> <names> <key>` with the default comparator (i;ascii-casemap), the key spelled out for our folding (./sieve-text.ts). */
function textTest(test: string, match: MatchType, names: string, value: string, uses: Set<string>): Emitted {
  const key = sieveTextKey(match, value);
  if (!key.ok) return key;
  if (key.match === "regex") uses.add("regex");
  return { ok: true, code: `${test} :${key.match} ${names}${names ? " " : ""}${quote(key.key)}` };
}

/** Our address fields match the address, the name and "name <address>": the address test sees the first, the header test the whole field. */
function addressTest(field: string, match: MatchType, value: string, uses: Set<string>): Emitted {
  const address = textTest("address :all", match, quote(field), value, uses);
  const header = textTest("header", match, quote(field), value, uses);
  if (!address.ok) return address;
  if (!header.ok) return header;
  return { ok: true, code: `anyof (${address.code}, ${header.code})` };
}

/**
 * Our body text is the text/plain parts, else the HTML as text. Sieve's
 * `body :text` reads both (HTML as text), so the export says which:
 * the text/plain parts where there are some, else `:text`.
 */
function bodyTest(match: MatchType, value: string, uses: Set<string>): Emitted {
  uses.add("body");
  const plain = textTest('body :content "text/plain"', match, "", value, uses);
  const text = textTest("body :text", match, "", value, uses);
  if (!plain.ok) return plain;
  if (!text.ok) return text;
  return { ok: true, code: `anyof (${plain.code}, allof (not body :content "text/plain" :matches "*", ${text.code}))` };
}

function sizeTest(op: Comparison, bytes: number): string {
  if (op === "gt") return `size :over ${bytes}`;
  if (op === "lt") return `size :under ${bytes}`;
  if (op === "ge") return bytes === 0 ? "true" : `size :over ${bytes - 1}`;
  if (op === "le") return `size :under ${bytes + 1}`;
  return `allof (not size :over ${bytes}, not size :under ${bytes})`;
}

/** One condition as a Sieve test, or why it cannot be one. */
function emitCondition(node: Condition, uses: Set<string>): Emitted {
  switch (node.type) {
    case "all":
    case "any": {
      const parts: string[] = [];
      for (const child of node.conditions) {
        const emitted = emitCondition(child, uses);
        if (!emitted.ok) return emitted;
        parts.push(emitted.code);
      }
      if (parts.length === 0) return { ok: true, code: node.type === "all" ? "true" : "false" };
      return { ok: true, code: `${node.type === "all" ? "allof" : "anyof"} (${parts.join(", ")})` };
    }
    case "not": {
      const inner = emitCondition(node.condition, uses);
      return inner.ok ? { ok: true, code: `not ${inner.code}` } : inner;
    }
    case "text": {
      if (ADDRESS_FIELDS.has(node.field)) return addressTest(node.field, node.match, node.value, uses);
      if (node.field === "body") return bodyTest(node.match, node.value, uses);
      return textTest("header", node.match, quote(node.field), node.value, uses);
    }
    case "header":
      return textTest("header", node.match, quote(node.name), node.value, uses);
    case "size":
      return { ok: true, code: sizeTest(node.op, node.bytes) };
    case "date": {
      // Our date is when the message was received; a Sieve script runs as it is received: the current date.
      uses.add("date");
      uses.add("relational");
      const match = node.op === "eq" ? ":is" : `:value ${quote(node.op)}`;
      return { ok: true, code: `currentdate :zone "+0000" ${match} "date" ${quote(node.value)}` };
    }
    case "age":
      return { ok: false, why: "the message's age (Sieve compares dates, not days since)" };
    case "has-attachment":
      return { ok: false, why: "an attachment condition" };
    case "folder":
      return { ok: false, why: "a folder condition (Sieve runs on delivery)" };
    case "tag":
      return { ok: false, why: "a tag condition" };
    case "vip-sender":
      return { ok: false, why: "the VIP list" };
    default:
      return { ok: false, why: "the AI's analysis (category, flags, levels, language)" };
  }
}

/** One action as Sieve commands, or why it has none. */
function emitAction(action: RuleAction, names: SieveNames, uses: Set<string>): Emitted {
  const flag = (command: "addflag" | "removeflag", flagName: string): Emitted => {
    uses.add("imap4flags");
    return { ok: true, code: `${command} ${quote(flagName)};` };
  };
  const fileInto = (path: string | undefined, what: string, copy = false): Emitted => {
    if (path === undefined) return { ok: false, why: `${what}: its folder is unknown` };
    uses.add("fileinto");
    if (copy) uses.add("copy");
    return { ok: true, code: `fileinto ${copy ? ":copy " : ""}${quote(path)};` };
  };
  switch (action.type) {
    case "move":
      return fileInto(names.folderPath(action.folderId), "move");
    case "copy":
      return fileInto(names.folderPath(action.folderId), "copy", true);
    case "archive":
      return fileInto(names.archivePath, "archive");
    case "trash":
      return fileInto(names.trashPath, "trash");
    case "delete":
      return { ok: true, code: "discard;" };
    case "stop":
      return { ok: true, code: "stop;" };
    case "mark-read":
      return flag("addflag", "\\Seen");
    case "mark-unread":
      return flag("removeflag", "\\Seen");
    case "flag":
      return flag("addflag", "\\Flagged");
    case "unflag":
      return flag("removeflag", "\\Flagged");
    case "add-tag":
    case "remove-tag": {
      const keyword = names.tagKeyword(action.tagId);
      if (!keyword) return { ok: false, why: `${action.type}: the tag has no keyword` };
      return flag(action.type === "add-tag" ? "addflag" : "removeflag", keyword);
    }
    case "set-priority":
      return { ok: false, why: "set-priority (the AI's levels)" };
    case "snooze":
      return { ok: false, why: "snooze" };
  }
}

const STOP_LAST = (a: RuleAction, b: RuleAction) => Number(a.type === "stop") - Number(b.type === "stop");

function emitRule(rule: ExportableRule, names: SieveNames, uses: Set<string>): string[] {
  const header = comment(`Rule: ${rule.name}`);
  if (!rule.enabled) return [header, comment("left out: disabled")];
  if (rule.mode !== "act") return [header, comment(`left out: in ${rule.mode} mode`)];
  const local = new Set<string>();
  const condition = emitCondition(rule.definition.condition, local);
  if (!condition.ok) return [header, comment(`left out: Sieve cannot say ${condition.why}`)];
  const commands: string[] = [];
  const omitted: string[] = [];
  // Flags and tags before the disposition, as our evaluator does: imap4flags applies the flags set so far to fileinto.
  const actions = [...rule.definition.actions].sort((a, b) => STOP_LAST(a, b) || Number(isDisposition(a)) - Number(isDisposition(b)));
  for (const action of actions) {
    const emitted = emitAction(action, names, local);
    if (emitted.ok) commands.push(emitted.code);
    else omitted.push(emitted.why);
  }
  if (commands.every((command) => command === "stop;")) return [header, comment(`left out: no action Sieve can say (${omitted.join("; ")})`)];
  for (const use of local) uses.add(use);
  return [header, ...omitted.map((why) => comment(`action left out: ${why}`)), `if ${condition.code} {`, ...commands.map((command) => `  ${command}`), "}"];
}

const isDisposition = (action: RuleAction) => ["move", "archive", "trash", "delete"].includes(action.type);

const REQUIRE_ORDER = ["fileinto", "copy", "imap4flags", "body", "relational", "date", "regex"];

/** The rules, in their order, as one Sieve script. */
export function exportSieve(rules: ExportableRule[], names: SieveNames): string {
  const uses = new Set<string>();
  const body = rules.flatMap((rule) => [...emitRule(rule, names, uses), ""]);
  const required = REQUIRE_ORDER.filter((extension) => uses.has(extension));
  return [
    comment("Exported from Mail Helper. A message two rules move is filed into both folders here (Mail Helper keeps the first);"),
    comment("texts with umlauts or ß are spelled out as :regex (i;ascii-casemap folds A-Z only); regexes are POSIX."),
    ...(required.length > 0 ? [`require [${required.map(quote).join(", ")}];`] : []),
    "",
    ...body,
  ].join("\n");
}
