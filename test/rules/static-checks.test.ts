/**
 * Static checks of rules: each warning once where it applies and not on the
 * near miss beside it, since a wrong warning teaches people to ignore them.
 */
import { describe, expect, test } from "bun:test";
import type { Condition, RuleAction, RuleMode } from "../../src/rules/rule-schema.ts";
import { type CheckedRule, checkRules, warningsAbout } from "../../src/rules/static-checks.ts";

const TAG = "00000000-0000-4000-8000-0000000000a1";
const OTHER_TAG = "00000000-0000-4000-8000-0000000000a2";
const INBOX = "00000000-0000-4000-8000-0000000000f1";
const ARCHIVE = "00000000-0000-4000-8000-0000000000f2";
const SPAM = "00000000-0000-4000-8000-0000000000f3";

let next = 0;
function rule(condition: Condition, actions: RuleAction[], extra: Partial<CheckedRule> & { mode?: RuleMode } = {}): CheckedRule {
  next++;
  return { id: `00000000-0000-4000-8000-${String(next).padStart(12, "0")}`, enabled: true, mode: "act", accountIds: null, folderIds: null, definition: { condition, actions }, ...extra };
}

const subject = (value: string, match: "is" | "contains" | "regex" | "matches" = "contains"): Condition => ({ type: "text", field: "subject", match, value });
const from = (value: string): Condition => ({ type: "text", field: "from", match: "contains", value });
const all = (...conditions: Condition[]): Condition => ({ type: "all", conditions });
const any = (...conditions: Condition[]): Condition => ({ type: "any", conditions });
const not = (condition: Condition): Condition => ({ type: "not", condition });
const size = (op: "gt" | "ge" | "lt" | "le" | "eq", bytes: number): Condition => ({ type: "size", op, bytes });
const codes = (rules: CheckedRule[], options = {}) => checkRules(rules, options).map((warning) => warning.code);

describe("never_matches", () => {
  test.each([
    ["an empty any", any()],
    ["is a and is b on the subject", all(subject("a", "is"), subject("B", "is"))],
    ["size > 10 and < 5", all(size("gt", 10), size("lt", 5))],
    ["size > 10 and < 11", all(size("gt", 10), size("lt", 11))],
    ["not of an always-true", not(all())],
    ["a test and its not", all(from("x"), not(from("x")))],
    ["two categories", all({ type: "category", value: "newsletter" }, { type: "category", value: "personal" })],
  ] as [string, Condition][])("%s", (_name, condition) => {
    const [checked] = [rule(condition, [{ type: "flag" }])];
    expect(checkRules([checked])).toEqual([{ code: "never_matches", ruleId: checked.id, vars: {} }]);
  });

  test.each([
    ["is a and is b on to (several recipients)", all({ type: "text", field: "to", match: "is", value: "a" }, { type: "text", field: "to", match: "is", value: "b" })],
    ["is a and is A (letter case)", all(subject("a", "is"), subject("A", "is"))],
    ["size > 10 and < 12", all(size("gt", 10), size("lt", 12))],
    ["contains a and contains b", all(subject("a"), subject("b"))],
    ["a not of something else", all(from("x"), not(from("y")))],
    ["an empty all (always)", all()],
  ] as [string, Condition][])("not: %s", (_name, condition) => {
    expect(codes([rule(condition, [{ type: "flag" }])])).not.toContain("never_matches");
  });
});

test("a regex is compared as written: ß and ss are two patterns", () => {
  const first = rule(subject("straße", "regex"), [{ type: "flag" }, { type: "stop" }]);
  expect(codes([first, rule(subject("strasse", "regex"), [{ type: "mark-read" }])])).toEqual([]);
  expect(codes([rule(subject("straße", "is"), [{ type: "flag" }, { type: "stop" }]), rule(subject("STRASSE", "is"), [{ type: "mark-read" }])])).toEqual(["shadowed"]);
});

describe("shadowed", () => {
  const stop: RuleAction[] = [{ type: "flag" }, { type: "stop" }];
  test.each([
    ["identical conditions", subject("rechnung"), subject("rechnung")],
    ["the earlier always true", all(), subject("rechnung")],
    ["the earlier an any holding the later", any(from("bank"), subject("rechnung")), subject("rechnung")],
    ["the later an all holding the earlier", subject("rechnung"), all(subject("rechnung"), from("bank"))],
  ] as [string, Condition, Condition][])("%s", (_name, earlier, later) => {
    const first = rule(earlier, stop);
    const second = rule(later, [{ type: "mark-read" }]);
    expect(checkRules([first, second])).toEqual([{ code: "shadowed", ruleId: second.id, otherRuleId: first.id, vars: {} }]);
  });

  test("not without a stop, after the later rule, in another mode, disabled, with a narrower scope, or on a wider condition", () => {
    const later = rule(subject("rechnung"), [{ type: "mark-read" }]);
    expect(codes([rule(subject("rechnung"), [{ type: "flag" }]), later])).toEqual([]);
    expect(codes([later, rule(subject("rechnung"), stop)])).toEqual([]);
    expect(codes([rule(subject("rechnung"), stop, { mode: "suggest" }), later])).toEqual([]);
    expect(codes([rule(subject("rechnung"), stop, { enabled: false }), later])).toEqual([]);
    expect(codes([rule(subject("rechnung"), stop, { folderIds: [INBOX] }), later])).toEqual([]);
    expect(codes([rule(all(subject("rechnung"), from("bank")), stop), later])).toEqual([]);
    expect(codes([rule(subject("rechnung"), stop), rule(subject("rechnungen"), [{ type: "mark-read" }])])).toEqual([]);
  });

  test("a candidate put before a stop rule is shadowed; after it, not", () => {
    const stopper = rule(all(), stop);
    const draft = rule(from("bank"), [{ type: "flag" }]);
    expect(warningsAbout(checkRules([stopper], { candidate: { rule: draft } }), draft.id).map((warning) => warning.code)).toEqual(["shadowed"]);
    expect(checkRules([stopper], { candidate: { rule: draft, position: 0 } })).toEqual([]);
  });
});

describe("contradicts", () => {
  test.each([
    ["moves to two folders", [{ type: "move", folderId: ARCHIVE }], [{ type: "move", folderId: SPAM }], "disposition"],
    ["flag and unflag", [{ type: "flag" }], [{ type: "unflag" }], "flag"],
    ["read and unread", [{ type: "mark-read" }], [{ type: "mark-unread" }], "read"],
    ["add and remove a tag", [{ type: "add-tag", tagId: TAG }], [{ type: "remove-tag", tagId: TAG }], "tag"],
  ] as [string, RuleAction[], RuleAction[], string][])("%s", (_name, first, second, kind) => {
    const a = rule(subject("rechnung"), first);
    const b = rule(all(subject("rechnung"), from("bank")), second);
    expect(checkRules([a, b])).toEqual([{ code: "contradicts", ruleId: b.id, otherRuleId: a.id, vars: { kind } }]);
  });

  test("not for unrelated conditions, the same action, other tags, disjoint folders, a stop first, or a shadow rule", () => {
    const flag: RuleAction[] = [{ type: "flag" }];
    const unflag: RuleAction[] = [{ type: "unflag" }];
    expect(codes([rule(subject("rechnung"), flag), rule(from("bank"), unflag)])).toEqual([]);
    expect(codes([rule(subject("rechnung"), [{ type: "move", folderId: ARCHIVE }]), rule(subject("rechnung"), [{ type: "move", folderId: ARCHIVE }])])).toEqual([]);
    expect(codes([rule(subject("rechnung"), [{ type: "add-tag", tagId: TAG }]), rule(subject("rechnung"), [{ type: "remove-tag", tagId: OTHER_TAG }])])).toEqual([]);
    expect(codes([rule(subject("rechnung"), flag, { folderIds: [INBOX] }), rule(subject("rechnung"), unflag, { folderIds: [ARCHIVE] })])).toEqual([]);
    expect(codes([rule(all(subject("rechnung"), from("bank")), [...flag, { type: "stop" }]), rule(subject("rechnung"), unflag)])).toEqual([]);
    expect(codes([rule(subject("rechnung"), flag), rule(subject("rechnung"), unflag, { mode: "shadow" })])).toEqual([]);
  });

  test("not when a rule in between stops all the mail both would touch", () => {
    expect(codes([rule(subject("rechnung"), [{ type: "flag" }]), rule(all(), [{ type: "stop" }], { folderIds: null }), rule(subject("rechnung"), [{ type: "unflag" }])])).toEqual(["shadowed"]);
    const middle = rule(all(subject("rechnung"), from("bank")), [{ type: "stop" }]);
    expect(codes([rule(subject("rechnung"), [{ type: "flag" }]), middle, rule(subject("rechnung"), [{ type: "unflag" }])])).toEqual(["contradicts"]);
  });
});

describe("loop", () => {
  test("one rule tags, another untags what carries the tag", () => {
    const tagger = rule(from("bank"), [{ type: "add-tag", tagId: TAG }]);
    const untagger = rule(all({ type: "tag", tagId: TAG }, from("bank")), [{ type: "remove-tag", tagId: TAG }]);
    expect(checkRules([tagger, untagger])).toContainEqual({ code: "loop", ruleId: tagger.id, otherRuleId: untagger.id, vars: { kind: "tag" } });
  });

  test("not when the tagger skips tagged mail or the untagger asks for more", () => {
    const untagger = rule({ type: "tag", tagId: TAG }, [{ type: "remove-tag", tagId: TAG }]);
    expect(codes([rule(all(from("bank"), not({ type: "tag", tagId: TAG })), [{ type: "add-tag", tagId: TAG }]), untagger])).not.toContain("loop");
    expect(codes([rule(from("bank"), [{ type: "add-tag", tagId: TAG }]), rule(all({ type: "tag", tagId: TAG }, subject("x")), [{ type: "remove-tag", tagId: TAG }])])).not.toContain("loop");
    expect(codes([rule(from("bank"), [{ type: "add-tag", tagId: TAG }]), rule({ type: "tag", tagId: OTHER_TAG }, [{ type: "remove-tag", tagId: OTHER_TAG }])])).not.toContain("loop");
  });

  test("two rules move the same mail back and forth", () => {
    const out = rule(from("bank"), [{ type: "move", folderId: ARCHIVE }], { folderIds: [INBOX] });
    const back = rule(all({ type: "folder", folderId: ARCHIVE }, from("bank")), [{ type: "move", folderId: INBOX }]);
    expect(codes([out, back])).toEqual(["loop"]);
  });

  test("not when the way back goes elsewhere or asks for other mail", () => {
    const out = rule(from("bank"), [{ type: "move", folderId: ARCHIVE }], { folderIds: [INBOX] });
    expect(codes([out, rule(from("bank"), [{ type: "move", folderId: SPAM }], { folderIds: [ARCHIVE] })])).toEqual([]);
    expect(codes([out, rule(subject("mahnung"), [{ type: "move", folderId: INBOX }], { folderIds: [ARCHIVE] })])).toEqual([]);
    // The first rule watches every folder: in the archive it files the mail where it is, so the second's move is dropped, not looped.
    expect(codes([rule(from("bank"), [{ type: "move", folderId: ARCHIVE }]), rule(from("bank"), [{ type: "move", folderId: INBOX }], { folderIds: [ARCHIVE] })])).toEqual(["contradicts"]);
  });
});

describe("destructive_wide", () => {
  test.each([
    ["no condition", all(), "always"],
    ["size > 0", size("gt", 0), "broad"],
    ["not of one narrow test", not(from("anna@example.org")), "broad"],
    ['matches "*"', subject("*", "matches"), "broad"],
    ["a regex matching every text", subject("x*", "regex"), "broad"],
  ] as [string, Condition, string][])("delete on %s", (_name, condition, reason) => {
    const wide = rule(condition, [{ type: "delete" }]);
    expect(checkRules([wide])).toEqual([{ code: "destructive_wide", ruleId: wide.id, vars: { action: "delete", reason } }]);
  });

  test("trash whose dry-run touched a large share of recent mail", () => {
    const wide = rule(subject("a"), [{ type: "trash" }]);
    expect(checkRules([wide], { recent: new Map([[wide.id, { examined: 100, matched: 40 }]]) })).toEqual([
      { code: "destructive_wide", ruleId: wide.id, vars: { action: "trash", reason: "recent", matched: 40, examined: 100 } },
    ]);
    expect(codes([wide], { recent: new Map([[wide.id, { examined: 100, matched: 20 }]]) })).toEqual([]);
    expect(codes([wide], { recent: new Map([[wide.id, { examined: 5, matched: 5 }]]) })).toEqual([]);
  });

  test("not on a narrow condition, a non-destructive action, a suggestion, or a not of a wide test", () => {
    expect(codes([rule(from("spam@example.org"), [{ type: "delete" }])])).toEqual([]);
    expect(codes([rule(all(size("gt", 0), from("spam@example.org")), [{ type: "trash" }])])).toEqual([]);
    expect(codes([rule(size("gt", 1_000_000), [{ type: "trash" }])])).toEqual([]);
    expect(codes([rule(subject("a*b", "regex"), [{ type: "delete" }])])).toEqual([]);
    expect(codes([rule(all(), [{ type: "archive" }])])).toEqual([]);
    expect(codes([rule(all(), [{ type: "delete" }], { mode: "suggest" })])).toEqual([]);
    expect(codes([rule(not(any(from("a"), from("b"))), [{ type: "delete" }])])).toEqual([]);
    // Emptying a chosen folder is what the rule says, by scope or by condition.
    expect(codes([rule(all(), [{ type: "delete" }], { folderIds: [SPAM] })])).toEqual([]);
    expect(codes([rule({ type: "folder", folderId: SPAM }, [{ type: "trash" }])])).toEqual([]);
  });
});
