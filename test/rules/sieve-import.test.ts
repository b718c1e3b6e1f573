/**
 * The Sieve import: a round trip through the export evaluates the same on
 * German and English messages; elsif / else become rules with the earlier
 * tests negated; what rules cannot say is listed with its line; hostile
 * input (deep nesting, a huge script, unterminated strings) is a result,
 * never a throw.
 */
import { describe, expect, test } from "bun:test";
import { compileRules, evaluateRules, type EvaluableRule } from "../../src/rules/evaluate.ts";
import { MAX_SIEVE_SCRIPT_CHARS } from "../../src/rules/limits.ts";
import type { MessageView } from "../../src/rules/message-view.ts";
import type { Condition, RuleDefinition } from "../../src/rules/rule-schema.ts";
import { exportSieve, type SieveNames } from "../../src/rules/sieve-export.ts";
import { importSieve, type SieveLookup } from "../../src/rules/sieve-import.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const FOLDER = crypto.randomUUID();
const TAG = crypto.randomUUID();
const NAMES: SieveNames = { folderPath: (id) => (id === FOLDER ? "Rechnungen" : undefined), tagKeyword: (id) => (id === TAG ? "Steuer" : undefined), archivePath: "Archiv", trashPath: "Papierkorb" };
const LOOKUP: SieveLookup = {
  folderIdByPath: (path) => (path === "Rechnungen" ? FOLDER : undefined),
  tagIdByKeyword: (keyword) => (keyword === "Steuer" ? TAG : undefined),
  archivePath: "Archiv",
  trashPath: "Papierkorb",
};

function message(overrides: Partial<MessageView>): MessageView {
  return {
    id: crypto.randomUUID(),
    accountId: "account",
    subject: "",
    from: [],
    to: [{ name: "", address: "me@example.org" }],
    cc: [],
    replyTo: [],
    listId: null,
    rawHeaders: "",
    body: "",
    size: 5_000,
    date: new Date("2026-03-08T09:00:00Z"),
    storedAt: new Date("2026-03-08T09:01:00Z"),
    hasAttachments: false,
    attachments: [],
    folderIds: [],
    tagIds: [],
    analysis: null,
    vip: false,
    ...overrides,
  };
}

const MESSAGES = [
  message({ subject: "Ihre Rechnung Nr. 2026-0042", from: [{ name: "Hausverwaltung", address: "Rechnung@Hausverwaltung.de" }], body: "Grüße aus Köln", size: 40_000 }),
  message({ subject: "RECHNUNG März", from: [{ name: "", address: "shop@example.org" }], body: "GRÜSSE", rawHeaders: "X-Spam-Flag: YES\r\n" }),
  message({ subject: "Weekly newsletter: offers", from: [{ name: "", address: "news@shop.example" }], listId: "<news.shop.example>", body: "Unsubscribe here" }),
  message({ subject: "Meeting tomorrow", from: [{ name: "", address: "boss@work.example" }], date: new Date("2025-12-30T10:00:00Z"), size: 900 }),
  message({ subject: "Re: Weiß-Straße", from: [{ name: "", address: "nachbar@example.de" }], cc: [{ name: "", address: "Jörg@example.de" }], body: "Bis morgen" }),
];

const subject = (match: "is" | "contains" | "starts-with" | "matches" | "regex", value: string): Condition => ({ type: "text", field: "subject", match, value });

const DEFINITIONS: RuleDefinition[] = [
  {
    condition: { type: "all", conditions: [{ type: "text", field: "from", match: "contains", value: "hausverwaltung" }, subject("regex", "rechnung\\s+nr")] },
    actions: [{ type: "move", folderId: FOLDER }, { type: "add-tag", tagId: TAG }, { type: "stop" }],
  },
  {
    condition: {
      type: "any",
      conditions: [
        { type: "header", name: "X-Spam-Flag", match: "is", value: "yes" },
        { type: "text", field: "body", match: "contains", value: "grüße" },
      ],
    },
    actions: [{ type: "flag" }],
  },
  {
    condition: {
      type: "all",
      conditions: [
        { type: "text", field: "list-id", match: "matches", value: "*shop.example*" },
        { type: "not", condition: { type: "size", op: "ge", bytes: 10_000 } },
      ],
    },
    actions: [{ type: "archive" }, { type: "mark-read" }],
  },
  {
    condition: {
      type: "all",
      conditions: [
        { type: "date", op: "lt", value: "2026-01-01" },
        { type: "size", op: "le", bytes: 900 },
      ],
    },
    actions: [{ type: "trash" }],
  },
  {
    condition: { type: "any", conditions: [subject("starts-with", "re: weiss"), { type: "text", field: "cc", match: "is", value: "jörg@example.de" }] },
    actions: [{ type: "mark-unread" }, { type: "unflag" }],
  },
  { condition: subject("is", 'Er sagte "hallo" \\ tschüss'), actions: [{ type: "delete" }] },
];

const asRules = (definitions: RuleDefinition[]): EvaluableRule[] => definitions.map((definition, index) => ({ id: `r${index}`, mode: "act", accountIds: null, folderIds: null, definition }));

function imported(script: string) {
  const result = importSieve(script, LOOKUP);
  if (!result.ok) throw new Error(`line ${result.line}: ${result.message}`);
  return result;
}

describe("importSieve", () => {
  test("export then import: the same rules, the same outcome on every message", () => {
    const script = exportSieve(
      DEFINITIONS.map((definition, index) => ({ name: `Regel ${index}`, enabled: true, mode: "act" as const, definition })),
      NAMES,
    );
    const back = imported(script);
    expect(back.unmapped).toEqual([]);
    expect(back.rules.map((rule) => rule.name)).toEqual(DEFINITIONS.map((_, index) => `Regel ${index}`));
    const before = compileRules(asRules(DEFINITIONS));
    const after = compileRules(asRules(back.rules.map((rule) => rule.definition)));
    const plans = MESSAGES.map((view) => [evaluateRules(before, view, NOW).plan, evaluateRules(after, view, NOW).plan]);
    for (const [expected, actual] of plans) expect(actual).toEqual(expected);
    // The messages tell the rules apart: not every plan is empty or the same.
    expect(new Set(plans.map(([plan]) => JSON.stringify(plan))).size).toBeGreaterThanOrEqual(4);
    // Flags and tags come before the disposition in the script, as the evaluator does them.
    expect(back.rules[0]!.definition).toEqual({ condition: DEFINITIONS[0]!.condition, actions: [{ type: "add-tag", tagId: TAG }, { type: "move", folderId: FOLDER }, { type: "stop" }] });
    expect(back.rules[4]!.definition.condition).toEqual(DEFINITIONS[4]!.condition);
  });

  test("elsif and else: the earlier tests negated", () => {
    const back = imported(`require "fileinto";
if header :contains "subject" "Rechnung" { fileinto "Rechnungen"; }
elsif address :is "from" ["a@example.org", "b@example.org"] { addflag "\\\\Flagged \\\\Seen"; }
else { keep; discard; }`);
    expect(back.unmapped).toEqual([]);
    const invoice = subject("contains", "Rechnung");
    const senders: Condition = { type: "any", conditions: ["a@example.org", "b@example.org"].map((value) => ({ type: "text", field: "from", match: "is", value }) as Condition) };
    expect(back.rules.map((rule) => rule.definition)).toEqual([
      { condition: invoice, actions: [{ type: "move", folderId: FOLDER }] },
      { condition: { type: "all", conditions: [{ type: "not", condition: invoice }, senders] }, actions: [{ type: "flag" }, { type: "mark-read" }] },
      {
        condition: {
          type: "all",
          conditions: [
            { type: "not", condition: invoice },
            { type: "not", condition: senders },
          ],
        },
        actions: [{ type: "delete" }],
      },
    ]);
    expect(back.rules[0]!.name).toBe("Imported rule 1 (line 2)");
  });

  test("what rules cannot say is listed with its line, the rest imported", () => {
    const back = imported(`# Rule: Gemischt
if header :contains "subject" "x" {
  redirect "someone@example.org";
  addflag "Unbekannt";
  addflag "\\\\Seen";
}
if header :comparator "i;octet" :is "subject" "X" { stop; }
elsif exists "X-Foo" { discard; }
if address :domain :is "from" "example.org" { discard; }
if header :contains "subject" "y" { fileinto :copy "Rechnungen"; }
if header :contains "subject" "z" { if true { discard; } }
vacation "weg";
elsif true { discard; }
if header :regex "subject" "(a)\\\\1" { discard; }`);
    expect(back.rules.map((rule) => [rule.name, rule.definition.actions])).toEqual([
      ["Gemischt", [{ type: "mark-read" }]],
      ["Imported rule 2 (line 10)", [{ type: "copy", folderId: FOLDER }]],
    ]);
    const expected: [number, string][] = [
      [3, 'the action "redirect"'],
      [4, "no tag of yours has the keyword Unbekannt"],
      [7, "comparator i;octet"],
      [8, "follows a test that could not be read"],
      [9, "address parts"],
      [11, "a nested if"],
      [11, "no action a rule can do"],
      [12, "an action outside an if"],
      [13, "follows a test that could not be read"],
      [14, "RE2 cannot run this pattern"],
    ];
    expect(back.unmapped.map((entry) => entry.line)).toEqual(expected.map(([line]) => line));
    for (const [index, [, why]] of expected.entries()) expect(back.unmapped[index]!.why).toContain(why);
    expect(back.unmapped[0]!.text).toBe('redirect "someone@example.org";');
  });

  test("hostile input is a result, never a throw", () => {
    const deep = `if ${"not ".repeat(50_000)}true { discard; }`;
    const nested = `${"if true {".repeat(10_000)}${"}".repeat(10_000)}`;
    const lists = `if ${"anyof(".repeat(5_000)}true${")".repeat(5_000)} { discard; }`;
    for (const script of [
      deep,
      nested,
      lists,
      'if header :is "subject" "open',
      "/* never closed",
      "if header :is",
      "}",
      "if true { discard; ",
      "text:\nfoo\n.\n",
      "\u0000\u{1F600}",
      "a".repeat(MAX_SIEVE_SCRIPT_CHARS + 1),
    ]) {
      const result = importSieve(script, LOOKUP);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
    }
    expect(importSieve('if header :is "subject" "open', LOOKUP)).toEqual({ ok: false, line: 1, message: "unterminated string" });
    // Within the limits but too deep for a rule: unmapped, named.
    const tooDeep = imported(`if ${"not ".repeat(9)}true { discard; }`);
    expect(tooDeep.rules).toEqual([]);
    expect(tooDeep.unmapped[0]!.why).toContain("nested deeper");
    // Many rules of a big (allowed) script still parse.
    const many = imported(`if header :contains "subject" "x" { discard; }\n`.repeat(2_000));
    expect(many.rules).toHaveLength(2_000);
  });
});
