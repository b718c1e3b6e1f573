/**
 * The user's rules to and from Sieve, with their folders and tags looked
 * up: the export names folders by path and tags by keyword; the import
 * finds them the same way and creates what it mapped disabled and in shadow
 * mode, so nothing runs until the user has read it. Folders of every
 * account count: with two accounts, a path both have is the first
 * account's, and the archive and trash are the first account's that has one.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { keywordFromName } from "../tags/keywords.ts";
import { listTags } from "../tags/store.ts";
import { exportSieve, type SieveNames } from "./sieve-export.ts";
import { importSieve, type SieveLookup, type Unmapped } from "./sieve-import.ts";
import { createRule, listRules, type Rule } from "./store.ts";

async function folderAndTagNames(sql: Sql, dataKey: SecretKey, userId: string): Promise<SieveNames & SieveLookup> {
  const folders = await sql<{ id: string; path: string; specialUse: string | null }[]>`
    select f.id, f.path, f.special_use as "specialUse" from folders f join mail_accounts a on a.id = f.account_id
    where f.user_id = ${userId} order by a.created_at, a.id, f.path`;
  const pathById = new Map(folders.map((folder) => [folder.id, folder.path]));
  const idByPath = new Map<string, string>();
  for (const folder of folders) if (!idByPath.has(folder.path)) idByPath.set(folder.path, folder.id);
  const keywordById = new Map<string, string>();
  const idByKeyword = new Map<string, string>();
  for (const tag of await listTags(sql, dataKey, userId)) {
    const keyword = keywordFromName(tag.name);
    if (!keyword) continue;
    keywordById.set(tag.id, keyword);
    if (!idByKeyword.has(keyword.toLowerCase())) idByKeyword.set(keyword.toLowerCase(), tag.id);
  }
  return {
    folderPath: (id) => pathById.get(id),
    tagKeyword: (id) => keywordById.get(id),
    folderIdByPath: (path) => idByPath.get(path),
    // Keywords are case-insensitive in IMAP (RFC 3501 2.3.2).
    tagIdByKeyword: (keyword) => idByKeyword.get(keyword.toLowerCase()),
    archivePath: folders.find((folder) => folder.specialUse === "archive")?.path,
    trashPath: folders.find((folder) => folder.specialUse === "trash")?.path,
  };
}

/** The user's rules, in their order, as a Sieve script. */
export async function exportRulesAsSieve(sql: Sql, dataKey: SecretKey, userId: string): Promise<string> {
  const [rules, names] = await Promise.all([listRules(sql, dataKey, userId), folderAndTagNames(sql, dataKey, userId)]);
  return exportSieve(rules, names);
}

export type SieveImportResult = { ok: true; created: Rule[]; unmapped: Unmapped[] } | { ok: false; line: number; message: string };

/** Creates the script's rules (disabled, shadow mode), last in the order; what did not map, or did not fit under the rule limit, is listed. */
export async function importRulesFromSieve(sql: Sql, dataKey: SecretKey, userId: string, script: string): Promise<SieveImportResult> {
  const result = importSieve(script, await folderAndTagNames(sql, dataKey, userId));
  if (!result.ok) return result;
  const created: Rule[] = [];
  const unmapped = [...result.unmapped];
  for (const rule of result.rules) {
    const saved = await createRule(sql, dataKey, userId, { name: rule.name, enabled: false, mode: "shadow", definition: rule.definition });
    if (saved.ok) created.push(saved.rule);
    else unmapped.push({ line: rule.line, text: rule.name, why: "you have as many rules as allowed" });
  }
  return { ok: true, created, unmapped: unmapped.sort((a, b) => a.line - b.line) };
}
