/**
 * The editor's form as a draft (src/rules/rule-form.ts) and its ops
 * (src/rules/rule-form-ops.ts): parsing a posted form into the tree, back
 * from a saved rule, problems at their fields, and the add / remove buttons.
 */
import { describe, expect, test } from "bun:test";
import { applyOp, pathIndices } from "../../src/rules/rule-form-ops.ts";
import { ACTION_CHOICES, checkDraft, definitionInput, draftFromForm, isLeaf, draftFromRule, emptyDraft, fieldOfIssuePath, type RuleDraft } from "../../src/rules/rule-form.ts";
import type { RuleDefinition } from "../../src/rules/rule-schema.ts";

const FOLDER = "0b7f2c4e-5d1a-4c3b-9e8f-1a2b3c4d5e6f";
const TAG = "1c8e3d5f-6e2b-4d4c-8f9a-2b3c4d5e6f70";

const nested: RuleDefinition = {
  condition: {
    type: "all",
    conditions: [
      { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
      {
        type: "any",
        conditions: [
          { type: "text", field: "subject", match: "regex", value: "rechnung\\s+\\d+" },
          { type: "has-attachment", fileType: "pdf" },
        ],
      },
      { type: "not", condition: { type: "size", op: "gt", bytes: 5 * 1024 * 1024 } },
      { type: "age", op: "le", days: 30 },
      { type: "ai-flag", flag: "spam", value: false },
      { type: "level", field: "urgency", op: "ge", value: 2 },
      { type: "folder", folderId: FOLDER },
      { type: "header", name: "X-Mailer", match: "starts-with", value: "Outlook" },
      { type: "date", op: "ge", value: "2026-01-01" },
      { type: "category", value: "notification" },
      { type: "traffic-light", value: "red" },
      { type: "language", value: "de" },
      { type: "vip-sender" },
      { type: "tag", tagId: TAG },
    ],
  },
  actions: [{ type: "move", folderId: FOLDER }, { type: "add-tag", tagId: TAG }, { type: "set-priority", urgency: 3 }, { type: "snooze", hours: 24 }, { type: "flag" }, { type: "stop" }],
};

/** The form fields the editor renders for a draft, as a browser posts them. */
function formOf(definition: RuleDefinition, extra: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = { name: "Wohnung", mode: "suggest", enabled: "true", ...extra };
  const walk = (node: ReturnType<typeof draftFromRule>["condition"], path: string) => {
    form[`${path}.type`] = node.type;
    if (isLeaf(node)) for (const [name, value] of Object.entries(node.fields)) form[`${path}.${name}`] = value;
    else if (node.type === "not") walk(node.child, `${path}.0`);
    else if (node.type === "all" || node.type === "any") for (const [index, child] of node.children.entries()) walk(child, `${path}.${index}`);
  };
  const draft = draftFromRule({ name: "x", definition });
  walk(draft.condition, "c");
  draft.actions.forEach((action, index) => {
    form[`a.${index}.type`] = action.type;
    for (const [name, value] of Object.entries(action.fields)) form[`a.${index}.${name}`] = value ?? "";
  });
  return form;
}

describe("the form as a rule tree", () => {
  test("every condition and action type survives rule → form → rule", () => {
    const checked = checkDraft(draftFromForm(formOf(nested)));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.input.definition).toEqual(nested);
    expect(checked.input).toMatchObject({ name: "Wohnung", mode: "suggest", enabled: true, accountIds: null, folderIds: null });
  });

  test("size is typed with a unit, a comma decimal is read; the scope comes from checkboxes", () => {
    const form = { name: "Groß", enabled: "true", mode: "act", "c.type": "size", "c.op": "gt", "c.amount": "1,5", "c.unit": "MB", "a.0.type": "flag", [`scope.folder.${FOLDER}`]: "on" };
    const checked = checkDraft(draftFromForm(form));
    expect(checked.ok && checked.input.definition.condition).toEqual({ type: "size", op: "gt", bytes: 1_572_864 });
    expect(checked.ok && checked.input.folderIds).toEqual([FOLDER]);
  });

  test("a switched type keeps what fits: a leaf turned group is empty, a group turned not keeps its first child", () => {
    const draft = draftFromForm({ "c.type": "not", "c.0.type": "text", "c.0.field": "subject", "c.0.match": "is", "c.0.value": "A", "c.1.type": "vip-sender", "c.1.type2": "x" });
    expect(draft.condition).toEqual({ type: "not", child: { type: "text", fields: { field: "subject", match: "is", value: "A" } } });
    expect(draftFromForm({ "c.type": "any", "c.field": "from" }).condition).toEqual({ type: "any", children: [] });
    expect(draftFromForm({ "c.type": "age" }).condition).toEqual({ type: "age", fields: { op: "gt", days: "" } });
  });

  test("problems are named at their form field", () => {
    const form = {
      name: "",
      "c.type": "all",
      "c.0.type": "text",
      "c.0.field": "subject",
      "c.0.match": "regex",
      "c.0.value": "(a)\\1",
      "c.1.type": "any",
      "c.1.0.type": "age",
      "c.1.0.op": "gt",
      "c.1.0.days": "viele",
      "c.1.1.type": "text",
      "c.1.1.field": "from",
      "c.1.1.match": "is",
      "c.1.1.value": "",
      "a.0.type": "move",
      "a.0.folderId": "",
      "a.1.type": "set-priority",
    };
    const checked = checkDraft(draftFromForm(form));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.fromEntries([...checked.problems].map(([field, problem]) => [field, problem.code]))).toEqual({
      name: "required",
      "c.0.value": "regex",
      "c.1.0.days": "number",
      "c.1.1.value": "required",
      "a.0.folderId": "choose",
      "a.1": "priority",
    });
    expect(checked.problems.get("c.0.value")?.detail).toContain("RE2");
  });

  test("a rule without actions is refused at the actions", () => {
    const checked = checkDraft(draftFromForm({ name: "x", "c.type": "vip-sender" }));
    expect(!checked.ok && checked.problems.get("a")?.code).toBe("required");
  });

  test("issue paths map to field names", () => {
    expect(fieldOfIssuePath(["condition", "conditions", 1, "conditions", 0, "bytes"])).toBe("c.1.0.amount");
    expect(fieldOfIssuePath(["condition", "condition", "value"])).toBe("c.0.value");
    expect(fieldOfIssuePath(["actions", 2, "hours"])).toBe("a.2.hours");
  });

  test("the action choices offer every action the schema knows, each once", () => {
    expect(ACTION_CHOICES.map((choice): string => choice.type).sort()).toEqual(
      ["add-tag", "archive", "copy", "delete", "flag", "mark-read", "mark-unread", "move", "remove-tag", "set-priority", "snooze", "stop", "trash", "unflag"].sort(),
    );
    expect(definitionInput({ ...emptyDraft(), actions: [{ type: "set-priority", fields: { urgency: "", importance: "2" } }] }).actions).toEqual([{ type: "set-priority", importance: 2 }]);
  });
});

describe("the form's ops", () => {
  const base = draftFromRule({ name: "x", definition: nested });

  test("add a condition and a group at any depth, remove them", () => {
    const added = applyOp(base, "add:c.1");
    const group = added.condition.type === "all" ? added.condition.children[1] : undefined;
    expect(group?.type === "any" && group.children.length).toBe(3);
    const grouped = applyOp(added, "group:c.1");
    const inner = grouped.condition.type === "all" && grouped.condition.children[1]?.type === "any" ? grouped.condition.children[1].children[3] : undefined;
    expect(inner).toEqual({ type: "all", children: [{ type: "text", fields: { field: "from", match: "contains", value: "" } }] });
    const deeper = applyOp(grouped, "add:c.1.3");
    expect(deeper.condition.type === "all" && deeper.condition.children[1]?.type === "any" && deeper.condition.children[1].children[3]).toMatchObject({ children: [{}, {}] });

    const removed = applyOp(base, "remove:c.1.0");
    expect(removed.condition.type === "all" && removed.condition.children[1]).toEqual({ type: "any", children: [{ type: "has-attachment", fields: { fileType: "pdf" } }] });
    expect(applyOp(base, "remove:c.2.0").condition.type === "all").toBe(true);
    expect(applyOp(base, "remove:c").condition).toEqual({ type: "all", children: [] });
  });

  test("paths that name nothing, a leaf as target, and nonsense leave the draft alone", () => {
    expect(applyOp(base, "add:c.99")).toEqual(base);
    expect(applyOp(base, "add:c.0")).toEqual(base);
    expect(applyOp(base, "remove:x.1")).toEqual(base);
    expect(applyOp(base, "refresh")).toEqual(base);
    expect(pathIndices("c.0.12")).toEqual([0, 12]);
    expect(pathIndices("c.-1")).toBeNull();
  });

  test("nesting stops at the depth limit", () => {
    let draft: RuleDraft = { ...emptyDraft(), condition: { type: "all", children: [] } };
    let path = "c";
    for (let level = 0; level < 12; level++) {
      draft = applyOp(draft, `group:${path}`);
      path = `${path}.0`;
    }
    const checked = checkDraft({ ...draft, name: "tief" });
    // Full of empty subject tests, but never deeper than the schema allows.
    expect(checked.ok || [...checked.problems.keys()].every((field) => !field.startsWith("c") || field.endsWith(".value"))).toBe(true);
  });

  test("actions are added and removed; a subject word narrows the rule", () => {
    expect(applyOp(base, "add-action").actions).toHaveLength(base.actions.length + 1);
    expect(applyOp(base, "remove-action:0").actions[0]?.type).toBe("add-tag");
    const leafRoot = draftFromRule({ name: "x", definition: { condition: { type: "text", field: "from", match: "is", value: "a@b.example" }, actions: [{ type: "flag" }] } });
    expect(applyOp(leafRoot, "word:Rechnung").condition).toEqual({
      type: "all",
      children: [
        { type: "text", fields: { field: "from", match: "is", value: "a@b.example" } },
        { type: "text", fields: { field: "subject", match: "contains", value: "Rechnung" } },
      ],
    });
  });
});
