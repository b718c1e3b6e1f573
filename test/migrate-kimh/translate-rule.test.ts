/** KI-Mail-Helper's flat rule JSON as our rule tree: what maps, what is listed, when a rule comes over disabled. */
import { describe, expect, test } from "bun:test";
import { translateKimhRule, type RuleLookup } from "../../src/migrate-kimh/translate-rule.ts";

const TAG = "00000000-0000-4000-8000-000000000001";
const ARCHIVE = "00000000-0000-4000-8000-00000000000a";
const lookup: RuleLookup = {
  tagId: async (name, create) => (name === "Rechnung" || create ? TAG : undefined),
  folders: (path) =>
    path === "Archiv"
      ? [{ accountId: "acc-1", folderId: ARCHIVE }]
      : path === "Shared"
        ? [
            { accountId: "acc-1", folderId: ARCHIVE },
            { accountId: "acc-2", folderId: TAG },
          ]
        : [],
};

describe("translateKimhRule", () => {
  test("every sender, subject and body test of its UI, attachment, tag and folder map; JSON text is read too", async () => {
    const result = await translateKimhRule(
      JSON.stringify({
        match_mode: "all",
        sender_domain: "@shop.example",
        sender_not_contains: "noreply",
        subject_regex: "rechnung\\s+\\d+",
        body_contains: "IBAN",
        has_attachment: false,
        has_tag: "Rechnung",
        folder_equals: "Archiv",
      }),
      { move_to_folder: "Archiv", mark_as_read: true, mark_as_flagged: false, apply_tag: "Neu", set_priority: "high", stop_processing: true },
      lookup,
    );
    expect(result.notes).toEqual([]);
    expect(result.enabled).toBe(true);
    expect(result.accountIds).toEqual(["acc-1"]);
    expect(result.definition).toEqual({
      condition: {
        type: "all",
        conditions: [
          { type: "text", field: "from", match: "matches", value: "*@shop.example" },
          { type: "not", condition: { type: "text", field: "from", match: "contains", value: "noreply" } },
          { type: "text", field: "subject", match: "regex", value: "rechnung\\s+\\d+" },
          { type: "text", field: "body", match: "contains", value: "IBAN" },
          { type: "not", condition: { type: "has-attachment" } },
          { type: "tag", tagId: TAG },
          { type: "folder", folderId: ARCHIVE },
        ],
      },
      actions: [{ type: "move", folderId: ARCHIVE }, { type: "mark-read" }, { type: "add-tag", tagId: TAG }, { type: "set-priority", urgency: 3, importance: 3 }, { type: "stop" }],
    });
  });

  test("an unmapped condition disables an all rule (it would widen) but not an any rule (it narrows)", async () => {
    const all = await translateKimhRule({ match_mode: "all", subject_contains: "Angebot", body_regex: "(?<=EUR)\\d+" }, { mark_as_read: true }, lookup);
    expect(all.enabled).toBe(false);
    expect(all.notes[0]).toStartWith('body_regex "(?<=EUR)\\d+": not a pattern our rules can run');
    const any = await translateKimhRule({ match_mode: "any", subject_contains: "Angebot", not_a_condition: "x" }, { mark_as_read: true }, lookup);
    expect(any.enabled).toBe(true);
    expect(any.notes).toEqual(["not_a_condition: unknown condition"]);
  });

  test("its never-matching AI rules, local-only delete and ambiguous folders are listed, and a rule with nothing left is not made", async () => {
    const ai = await translateKimhRule({ match_mode: "all", subject_contains: "Reise", ai_suggested_tag: "Reise", ai_confidence_threshold: 85 }, { apply_tag: "Reise" }, lookup);
    expect(ai.enabled).toBe(false);
    expect(ai.notes.at(-1)).toContain("never matched there; imported disabled");
    const deleting = await translateKimhRule({ sender_contains: "spam" }, { delete: true }, lookup);
    expect(deleting.definition).toBeNull();
    expect(deleting.notes).toEqual([expect.stringContaining("only hid the mail locally"), "no action left that maps: not imported"]);
    const shared = await translateKimhRule({ sender_contains: "x" }, { move_to_folder: "Shared", stop_processing: true }, lookup);
    expect(shared.definition).toBeNull();
    expect(shared.notes[0]).toContain("several accounts have this folder");
    const nothing = await translateKimhRule({ match_mode: "all" }, { mark_as_read: true }, lookup);
    expect(nothing.notes).toEqual(["no condition left that maps: not imported (it would match every message)"]);
  });
});
