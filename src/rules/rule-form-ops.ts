/**
 * The editor's buttons that change the form's shape, as pure functions of
 * the draft (./rule-form.ts): the posted form is read, the op applied, the
 * form shown again. The op is the value of the submit button named `op`,
 * so the same buttons work with and without JavaScript.
 *
 * - `add:<path>`: a new condition (sender contains …) at the end of the group at path;
 * - `group:<path>`: a new group (all of, with one condition) there;
 * - `remove:<path>`: the condition or group at path goes (the root becomes an empty "all of");
 * - `add-action`, `remove-action:<index>`;
 * - `word:<word>`: "subject contains word" added to the top group (a rule made from a message);
 * - anything else (`refresh`, `preview`): the form as posted.
 *
 * Paths are the form's: `c`, `c.0`, `c.0.2` (./rule-form.ts). A path that
 * names nothing leaves the draft as it is; the limits of depth, size and
 * number of actions are kept.
 *
 * @example
 *   applyOp(draft, "group:c") // draft with { type: "all", children: [{ type: "text", … }] } appended to the root group
 */
import { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, MAX_RULE_ACTIONS } from "./limits.ts";
import { type DraftCondition, isLeaf, newAction, newLeaf, type RuleDraft } from "./rule-form.ts";

/** The indices a form path names below the root: "c.0.2" is [0, 2]; null when it is not a path. */
export function pathIndices(path: string): number[] | null {
  if (!/^c(\.\d{1,3})*$/.test(path)) return null;
  return path
    .split(".")
    .slice(1)
    .map((part) => Number(part));
}

const childrenOf = (node: DraftCondition): DraftCondition[] | null => (node.type === "all" || node.type === "any" ? node.children : node.type === "not" ? [node.child] : null);

function nodeAt(root: DraftCondition, indices: number[]): DraftCondition | undefined {
  let node: DraftCondition | undefined = root;
  for (const index of indices) node = node ? childrenOf(node)?.[index] : undefined;
  return node;
}

export function countNodes(node: DraftCondition): number {
  return 1 + (childrenOf(node) ?? []).reduce((sum, child) => sum + countNodes(child), 0);
}

/** Whether a group at this depth (the root is 1) may take one more level of children. */
export const canNest = (depth: number) => depth < MAX_CONDITION_DEPTH;

/** A copy of the tree with `change` applied to the node at `indices`. */
function replaceAt(node: DraftCondition, indices: number[], change: (node: DraftCondition) => DraftCondition | null): DraftCondition | null {
  if (indices.length === 0) return change(node);
  const [index, ...rest] = indices as [number, ...number[]];
  if (node.type === "all" || node.type === "any") {
    const child = node.children[index];
    if (!child) return node;
    const replaced = replaceAt(child, rest, change);
    const children = [...node.children];
    if (replaced === null) children.splice(index, 1);
    else children[index] = replaced;
    return { ...node, children };
  }
  if (node.type === "not" && index === 0) {
    const replaced = replaceAt(node.child, rest, change);
    return { type: "not", child: replaced ?? newLeaf() };
  }
  return node;
}

function addTo(draft: RuleDraft, path: string, make: () => DraftCondition): RuleDraft {
  const indices = pathIndices(path);
  if (!indices || countNodes(draft.condition) + 2 > MAX_CONDITION_NODES) return draft;
  const target = nodeAt(draft.condition, indices);
  if (!target || !(target.type === "all" || target.type === "any") || !canNest(indices.length + 1)) return draft;
  const condition = replaceAt(draft.condition, indices, (node) => (node.type === "all" || node.type === "any" ? { ...node, children: [...node.children, make()] } : node));
  return { ...draft, condition: condition ?? draft.condition };
}

export function applyOp(draft: RuleDraft, op: string): RuleDraft {
  const [verb, argument = ""] = op.split(/:(.*)/s, 2) as [string, string | undefined];
  switch (verb) {
    case "add":
      return addTo(draft, argument, () => newLeaf());
    case "group":
      return addTo(draft, argument, () => ({ type: "all", children: [newLeaf()] }));
    case "remove": {
      const indices = pathIndices(argument);
      if (!indices) return draft;
      if (indices.length === 0) return { ...draft, condition: { type: "all", children: [] } };
      return { ...draft, condition: replaceAt(draft.condition, indices, () => null) ?? draft.condition };
    }
    case "add-action":
      return draft.actions.length >= MAX_RULE_ACTIONS ? draft : { ...draft, actions: [...draft.actions, newAction()] };
    case "remove-action": {
      const index = Number(argument);
      return Number.isInteger(index) ? { ...draft, actions: draft.actions.filter((_, at) => at !== index) } : draft;
    }
    case "word": {
      const word = argument.trim();
      if (!word) return draft;
      const leaf: DraftCondition = { type: "text", fields: { field: "subject", match: "contains", value: word } };
      // A leaf root becomes the first condition of an "all of", so the word narrows the rule rather than replacing it.
      const root = isLeaf(draft.condition) || draft.condition.type === "not" ? { type: "all" as const, children: [draft.condition] } : draft.condition;
      return addTo({ ...draft, condition: root }, "c", () => leaf);
    }
    default:
      return draft;
  }
}
