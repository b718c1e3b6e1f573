/** The rule tree's validation: limits on depth and size, regexes RE2 cannot run refused with a clear message, and the first problem named by its path. */
import { describe, expect, test } from "bun:test";
import { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, MAX_RULE_ACTIONS } from "../../src/rules/limits.ts";
import { parseRuleDefinition, treeSize, type Condition } from "../../src/rules/rule-schema.ts";

const subject = (value: string, match = "contains") => ({ type: "text", field: "subject", match, value });
const rule = (condition: unknown, actions: unknown[] = [{ type: "flag" }]) => ({ condition, actions });

describe("parseRuleDefinition", () => {
  test("accepts every condition and action kind", () => {
    const folderId = crypto.randomUUID();
    const tagId = crypto.randomUUID();
    const parsed = parseRuleDefinition(
      rule(
        {
          type: "all",
          conditions: [
            subject("Rechnung"),
            { type: "text", field: "from", match: "is", value: "anna@example.org" },
            { type: "header", name: "X-Spam-Flag", match: "starts-with", value: "YES" },
            { type: "size", op: "gt", bytes: 1000 },
            { type: "date", op: "ge", value: "2026-01-01" },
            { type: "age", op: "lt", days: 7 },
            { type: "has-attachment", fileType: "pdf" },
            { type: "folder", folderId },
            { type: "tag", tagId },
            { type: "category", value: "newsletter" },
            { type: "ai-flag", flag: "phishing", value: false },
            { type: "level", field: "urgency", op: "ge", value: 2 },
            { type: "traffic-light", value: "red" },
            { type: "language", value: "de" },
            { type: "vip-sender" },
            { type: "any", conditions: [{ type: "not", condition: subject("^\\d+$", "regex") }, subject("Rech*ung ?", "matches")] },
          ],
        },
        [
          { type: "move", folderId },
          { type: "archive" },
          { type: "mark-read" },
          { type: "mark-unread" },
          { type: "flag" },
          { type: "unflag" },
          { type: "add-tag", tagId },
          { type: "remove-tag", tagId },
          { type: "set-priority", urgency: 3 },
          { type: "snooze", hours: 24 },
          { type: "trash" },
          { type: "delete" },
          { type: "stop" },
        ],
      ),
    );
    expect(parsed.ok).toBe(true);
  });

  test("refuses a regex RE2 cannot run, saying why (backreference, lookahead, lookbehind)", () => {
    for (const pattern of ["(a)\\1", "foo(?=bar)", "(?<!x)y"]) {
      const parsed = parseRuleDefinition(rule(subject(pattern, "regex")));
      expect(parsed).toMatchObject({ ok: false });
      expect(!parsed.ok && parsed.message).toContain("RE2 cannot run this pattern");
    }
    // Nested deep inside: the same check.
    const nested = parseRuleDefinition(rule({ type: "any", conditions: [subject("ok"), { type: "not", condition: subject("(x)\\1", "regex") }] }));
    expect(nested).toMatchObject({ ok: false });
    expect(!nested.ok && nested.message).toContain("RE2");
  });

  test("refuses trees deeper or larger than the limits, before parsing them", () => {
    let deep: unknown = { type: "vip-sender" };
    for (let i = 0; i < MAX_CONDITION_DEPTH; i++) deep = { type: "not", condition: deep };
    expect(parseRuleDefinition(rule(deep))).toEqual({ ok: false, message: `condition: nested deeper than ${MAX_CONDITION_DEPTH} levels` });
    let huge: unknown = { type: "vip-sender" };
    for (let i = 0; i < 100_000; i++) huge = { type: "not", condition: huge };
    expect(parseRuleDefinition(rule(huge))).toMatchObject({ ok: false });
    const wide = { type: "any", conditions: Array.from({ length: MAX_CONDITION_NODES }, () => subject("x")) };
    expect(parseRuleDefinition(rule(wide))).toEqual({ ok: false, message: `condition: more than ${MAX_CONDITION_NODES} conditions` });
    const justFits = { type: "any", conditions: Array.from({ length: MAX_CONDITION_NODES - 1 }, () => subject("x")) };
    expect(parseRuleDefinition(rule(justFits)).ok).toBe(true);
    expect(
      parseRuleDefinition(
        rule(
          subject("x"),
          Array.from({ length: MAX_RULE_ACTIONS + 1 }, () => ({ type: "flag" })),
        ),
      ),
    ).toMatchObject({ ok: false });
  });

  test("names the field of the first problem", () => {
    expect(parseRuleDefinition(rule(subject("x"), []))).toMatchObject({ ok: false, message: expect.stringContaining("actions") });
    expect(parseRuleDefinition(rule(subject("x"), [{ type: "set-priority" }]))).toEqual({ ok: false, message: "actions.0: urgency or importance" });
    expect(parseRuleDefinition(rule({ type: "header", name: "Bad Name:", match: "is", value: "x" }))).toMatchObject({ ok: false, message: expect.stringContaining("condition.name") });
    expect(parseRuleDefinition(rule({ type: "size", op: "gt", bytes: -1 }))).toMatchObject({ ok: false, message: expect.stringContaining("condition.bytes") });
    expect(parseRuleDefinition(rule({ type: "move" }))).toMatchObject({ ok: false });
    expect(parseRuleDefinition(rule(subject("")))).toMatchObject({ ok: false, message: expect.stringContaining("condition.value") });
    expect(parseRuleDefinition(null)).toMatchObject({ ok: false });
  });

  test("treeSize counts depth and nodes", () => {
    const tree: Condition = { type: "all", conditions: [{ type: "vip-sender" }, { type: "not", condition: { type: "vip-sender" } }] };
    expect(treeSize(tree)).toEqual({ depth: 3, nodes: 4 });
  });
});
