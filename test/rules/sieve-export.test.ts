/**
 * The Sieve export: each condition and action as Sieve says it, `require`
 * naming only what is used, strings escaped, and comments (never code) for
 * rules that are off, not in act mode, or say what Sieve cannot.
 */
import { describe, expect, test } from "bun:test";
import type { Condition, RuleAction } from "../../src/rules/rule-schema.ts";
import { exportSieve, type ExportableRule, type SieveNames } from "../../src/rules/sieve-export.ts";

const FOLDER = crypto.randomUUID();
const TAG = crypto.randomUUID();
const NAMES: SieveNames = {
  folderPath: (id) => (id === FOLDER ? "INBOX/Rechnungen" : undefined),
  tagKeyword: (id) => (id === TAG ? "Steuer_2026" : undefined),
  archivePath: "Archive",
  trashPath: "Trash",
};

const rule = (condition: Condition, actions: RuleAction[], extra: Partial<ExportableRule> = {}): ExportableRule => ({
  name: "Regel",
  enabled: true,
  mode: "act",
  definition: { condition, actions },
  ...extra,
});
/** ü and Ü, composed and not, as the POSIX alternation the export writes. */
const UE = `(ü|${"ü".normalize("NFD")}|Ü|${"Ü".normalize("NFD")})`;
const GRUESSE = `gr${UE}(ss|(ß|ẞ))e`;
const subject = (value: string, match: "is" | "contains" | "starts-with" | "matches" | "regex" = "contains"): Condition => ({ type: "text", field: "subject", match, value });

describe("exportSieve", () => {
  test("maps tests and actions, requiring only what is used", () => {
    const script = exportSieve(
      [
        rule(
          {
            type: "all",
            conditions: [
              { type: "text", field: "from", match: "is", value: "rechnung@hausverwaltung.de" },
              { type: "text", field: "body", match: "contains", value: "Grüße" },
              {
                type: "any",
                conditions: [
                  { type: "size", op: "gt", bytes: 100 },
                  { type: "not", condition: { type: "header", name: "X-Spam-Flag", match: "is", value: "YES" } },
                ],
              },
            ],
          },
          [{ type: "stop" }, { type: "move", folderId: FOLDER }, { type: "mark-read" }, { type: "add-tag", tagId: TAG }],
          { name: "Rechnungen" },
        ),
      ],
      NAMES,
    );
    expect(script).toContain('require ["fileinto", "imap4flags", "body", "regex"];');
    expect(script).toContain("# Rule: Rechnungen");
    expect(script).toContain(
      'if allof (anyof (address :all :is "from" "rechnung@hausverwaltung.de", header :is "from" "rechnung@hausverwaltung.de"), ' +
        `anyof (body :content "text/plain" :regex "${GRUESSE}", allof (not body :content "text/plain" :matches "*", body :text :regex "${GRUESSE}")), ` +
        'anyof (size :over 100, not header :is "X-Spam-Flag" "YES")) {',
    );
    // Flags before the fileinto (imap4flags files with the flags set so far), stop last.
    expect(script).toContain('  addflag "\\\\Seen";\n  addflag "Steuer_2026";\n  fileinto "INBOX/Rechnungen";\n  stop;\n}');
  });

  test("starts-with, regex, dates, sizes and the fixed folders", () => {
    const script = exportSieve(
      [
        rule(
          {
            type: "all",
            conditions: [subject("50% *Rabatt?", "starts-with"), subject("rechnung\\s+\\d+", "regex"), { type: "date", op: "ge", value: "2026-01-01" }, { type: "size", op: "eq", bytes: 5 }],
          },
          [{ type: "archive" }],
        ),
        rule(subject("x"), [{ type: "trash" }]),
        rule(subject("y"), [{ type: "delete" }]),
      ],
      NAMES,
    );
    expect(script).toContain('require ["fileinto", "relational", "date", "regex"];');
    expect(script).toContain(':matches "subject" "50% \\\\*Rabatt\\\\?*"');
    // RE2's \s and \d as POSIX classes.
    expect(script).toContain(':regex "subject" "rechnung[[:space:]]+[0-9]+"');
    // Our date is the received date: a script runs as the message is received.
    expect(script).toContain('currentdate :zone "+0000" :value "ge" "date" "2026-01-01"');
    expect(script).toContain("allof (not size :over 5, not size :under 5)");
    expect(script).toContain('fileinto "Archive";');
    expect(script).toContain('fileinto "Trash";');
    expect(script).toContain("discard;");
  });

  test("escapes quotes and backslashes; a name cannot break out of its comment", () => {
    const script = exportSieve([rule(subject('Er sagte "hallo" \\ tsch'), [{ type: "flag" }], { name: "Böse\nif true { discard; }" })], NAMES);
    expect(script).toContain(':contains "subject" "Er sagte \\"hallo\\" \\\\ tsch"');
    const umlaut = exportSieve([rule(subject('"hallo" \\ tschüß'), [{ type: "flag" }])], NAMES);
    // The ERE escapes the backslash, the Sieve string escapes both backslashes and the quotes.
    expect(umlaut).toContain(`:regex "subject" "\\"hallo\\" \\\\\\\\ tsch${UE}(ss|(ß|ẞ)|s(ß|ẞ))"`);
    expect(script).toContain("# Rule: Böse if true { discard; }");
    expect(script.split("\n").filter((line) => line.startsWith("if "))).toHaveLength(1);
  });

  test("comments instead of code for what Sieve cannot say", () => {
    const script = exportSieve(
      [
        rule(subject("a"), [{ type: "flag" }], { name: "Aus", enabled: false }),
        rule(subject("b"), [{ type: "flag" }], { name: "Schatten", mode: "shadow" }),
        rule({ type: "all", conditions: [subject("c"), { type: "vip-sender" }] }, [{ type: "flag" }], { name: "VIP" }),
        rule({ type: "ai-flag", flag: "newsletter", value: true }, [{ type: "archive" }], { name: "KI" }),
        rule({ type: "age", op: "gt", days: 30 }, [{ type: "trash" }], { name: "Alt" }),
        rule(
          subject("d"),
          [
            { type: "snooze", hours: 4 },
            { type: "set-priority", urgency: 3 },
          ],
          { name: "Später" },
        ),
        rule(subject("e"), [{ type: "snooze", hours: 4 }, { type: "flag" }], { name: "Teilweise" }),
      ],
      NAMES,
    );
    expect(script).toContain("# Rule: Aus\n# left out: disabled");
    expect(script).toContain("# Rule: Schatten\n# left out: in shadow mode");
    expect(script).toContain("# Rule: VIP\n# left out: Sieve cannot say the VIP list");
    expect(script).toContain("# Rule: KI\n# left out: Sieve cannot say the AI's analysis");
    expect(script).toContain("# Rule: Alt\n# left out: Sieve cannot say the message's age");
    expect(script).toContain("# Rule: Später\n# left out: no action Sieve can say (snooze; set-priority (the AI's levels))");
    expect(script).toContain('# Rule: Teilweise\n# action left out: snooze\nif header :contains "subject" "e" {\n  addflag "\\\\Flagged";\n}');
    expect(script.split("\n").filter((line) => line.startsWith("if "))).toHaveLength(1);
    expect(script).toContain('require ["imap4flags"];');
  });

  test("no rules: no require, no code", () => {
    const script = exportSieve([], NAMES);
    expect(script).not.toContain("require");
    expect(script.split("\n").every((line) => line === "" || line.startsWith("#"))).toBe(true);
  });
});
