/**
 * The folders, tags and accounts a rule names must be the user's: checked
 * when it is saved, so a rule never points at someone else's row (which
 * would only ever fail later) and the answer is the same for another
 * user's id and one that does not exist.
 */
import type { Queryable } from "../db/connection.ts";
import type { Condition, RuleDefinition } from "./rule-schema.ts";

export interface RuleReferences {
  definition?: RuleDefinition;
  accountIds?: string[] | null;
  folderIds?: string[] | null;
}

function collect(input: RuleReferences): { folders: Set<string>; tags: Set<string>; accounts: Set<string> } {
  const folders = new Set(input.folderIds ?? []);
  const tags = new Set<string>();
  const walk = (node: Condition) => {
    if (node.type === "all" || node.type === "any") node.conditions.forEach(walk);
    else if (node.type === "not") walk(node.condition);
    else if (node.type === "folder") folders.add(node.folderId);
    else if (node.type === "tag") tags.add(node.tagId);
  };
  if (input.definition) {
    walk(input.definition.condition);
    for (const action of input.definition.actions) {
      if (action.type === "move" || action.type === "copy") folders.add(action.folderId);
      if (action.type === "add-tag" || action.type === "remove-tag") tags.add(action.tagId);
    }
  }
  return { folders, tags, accounts: new Set(input.accountIds ?? []) };
}

/** The first named id that is not the user's, as "what: id"; null when all are. */
export async function foreignReference(sql: Queryable, userId: string, input: RuleReferences): Promise<string | null> {
  const { folders, tags, accounts } = collect(input);
  const own = async (table: "folders" | "tags" | "mail_accounts", ids: Set<string>) =>
    new Set((await sql<{ id: string }[]>`select id from ${sql(table)} where user_id = ${userId} and id = any(${[...ids]}::uuid[])`).map((row) => row.id));
  for (const [what, table, ids] of [
    ["folder", "folders", folders],
    ["tag", "tags", tags],
    ["account", "mail_accounts", accounts],
  ] as const) {
    if (ids.size === 0) continue;
    const owned = await own(table, ids);
    const missing = [...ids].find((id) => !owned.has(id));
    if (missing) return `${what} ${missing} is not one of yours`;
  }
  return null;
}
