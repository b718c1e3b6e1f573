/**
 * The user's rules: ordered, each with an encrypted name and definition
 * (bound to the owner and the rule id). Every query is scoped by the user;
 * another user's rule id is not found. A definition is validated
 * (./rule-schema.ts) before it is stored and again when read, so a row from
 * an older schema is reported, not run.
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import type { EvaluableRule } from "./evaluate.ts";
import { MAX_RULES_PER_USER } from "./limits.ts";
import { parseRuleDefinition, type RuleDefinition, type RuleMode } from "./rule-schema.ts";

export interface Rule extends EvaluableRule {
  name: string;
  position: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleInput {
  name: string;
  enabled?: boolean;
  mode?: RuleMode;
  accountIds?: string[] | null;
  folderIds?: string[] | null;
  /** Validated by the caller with parseRuleDefinition. */
  definition: RuleDefinition;
}

export type RuleResult = { ok: true; rule: Rule } | { ok: false; reason: "not_found" | "too_many" };

const nameBinding = (userId: string, ruleId: string) => ({ owner: userId, purpose: `rule-name:${ruleId}` });
const definitionBinding = (userId: string, ruleId: string) => ({ owner: userId, purpose: `rule-definition:${ruleId}` });

interface Row {
  id: string;
  position: number;
  name: Uint8Array;
  enabled: boolean;
  mode: RuleMode;
  accountIds: string[] | null;
  folderIds: string[] | null;
  definition: Uint8Array;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = (sql: Queryable) =>
  sql`id, position, name_encrypted as name, enabled, mode, account_ids as "accountIds", folder_ids as "folderIds",
      definition_encrypted as definition, created_at as "createdAt", updated_at as "updatedAt"`;

function fromRow(dataKey: SecretKey, userId: string, row: Row): Rule {
  const parsed = parseRuleDefinition(JSON.parse(decryptText(dataKey, row.definition, definitionBinding(userId, row.id))));
  if (!parsed.ok) throw new Error(`stored rule ${row.id} no longer validates: ${parsed.message}`);
  return {
    id: row.id,
    name: decryptText(dataKey, row.name, nameBinding(userId, row.id)),
    position: row.position,
    enabled: row.enabled,
    mode: row.mode,
    accountIds: row.accountIds,
    folderIds: row.folderIds,
    definition: parsed.definition,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The user's rules in their order. */
export async function listRules(sql: Queryable, dataKey: SecretKey, userId: string, options: { enabledOnly?: boolean } = {}): Promise<Rule[]> {
  const rows = await sql<Row[]>`
    select ${COLUMNS(sql)} from rules where user_id = ${userId} ${options.enabledOnly ? sql`and enabled` : sql``} order by position, created_at, id`;
  return rows.map((row) => fromRow(dataKey, userId, row));
}

/** Whether the user has any enabled rule: the pipeline's whole cost for a user without rules. */
export async function hasEnabledRules(sql: Queryable, userId: string): Promise<boolean> {
  return (await sql`select 1 from rules where user_id = ${userId} and enabled limit 1`).length > 0;
}

export async function getRule(sql: Queryable, dataKey: SecretKey, userId: string, ruleId: string): Promise<Rule | undefined> {
  if (!isUuid(ruleId)) return undefined;
  const [row] = await sql<Row[]>`select ${COLUMNS(sql)} from rules where id = ${ruleId} and user_id = ${userId}`;
  return row ? fromRow(dataKey, userId, row) : undefined;
}

/** A new rule, last in the order. */
export async function createRule(sql: Sql, dataKey: SecretKey, userId: string, input: RuleInput): Promise<RuleResult> {
  return await sql.begin(async (tx) => {
    // One count per user at a time: two creations at once cannot both pass the limit.
    await tx`select 1 from users where id = ${userId} for update`;
    const [{ count, next }] = (await tx`select count(*)::int as count, coalesce(max(position) + 1, 0)::int as next from rules where user_id = ${userId}`) as unknown as [
      { count: number; next: number },
    ];
    if (count >= MAX_RULES_PER_USER) return { ok: false, reason: "too_many" } as const;
    const id = crypto.randomUUID();
    const [row] = await tx<Row[]>`
      insert into rules (id, user_id, position, name_encrypted, enabled, mode, account_ids, folder_ids, definition_encrypted)
      values (${id}, ${userId}, ${next}, ${encrypt(dataKey, input.name, nameBinding(userId, id))}, ${input.enabled ?? true}, ${input.mode ?? "act"},
              ${input.accountIds ?? null}, ${input.folderIds ?? null}, ${encrypt(dataKey, JSON.stringify(input.definition), definitionBinding(userId, id))})
      returning ${COLUMNS(tx)}`;
    return { ok: true, rule: fromRow(dataKey, userId, row!) } as const;
  });
}

/** Changes what is given; not_found for another user's id. */
export async function updateRule(sql: Sql, dataKey: SecretKey, userId: string, ruleId: string, change: Partial<RuleInput>): Promise<RuleResult> {
  if (!isUuid(ruleId)) return { ok: false, reason: "not_found" };
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (change.name !== undefined) set.name_encrypted = encrypt(dataKey, change.name, nameBinding(userId, ruleId));
  if (change.enabled !== undefined) set.enabled = change.enabled;
  if (change.mode !== undefined) set.mode = change.mode;
  if (change.accountIds !== undefined) set.account_ids = change.accountIds;
  if (change.folderIds !== undefined) set.folder_ids = change.folderIds;
  if (change.definition !== undefined) set.definition_encrypted = encrypt(dataKey, JSON.stringify(change.definition), definitionBinding(userId, ruleId));
  const [row] = await sql<Row[]>`update rules set ${sql(set)} where id = ${ruleId} and user_id = ${userId} returning ${COLUMNS(sql)}`;
  return row ? { ok: true, rule: fromRow(dataKey, userId, row) } : { ok: false, reason: "not_found" };
}

/** Deletes the rule; what it did stays recorded (and undoable) under its runs. */
export async function deleteRule(sql: Sql, userId: string, ruleId: string): Promise<boolean> {
  if (!isUuid(ruleId)) return false;
  return (await sql`delete from rules where id = ${ruleId} and user_id = ${userId} returning id`).length > 0;
}

export type ReorderResult = { ok: true } | { ok: false; reason: "not_found" | "incomplete" };

/** Puts the user's rules in the order of `ruleIds`, which must name each of them once; an id that is not theirs is not_found. */
export async function reorderRules(sql: Sql, userId: string, ruleIds: string[]): Promise<ReorderResult> {
  if (!ruleIds.every(isUuid)) return { ok: false, reason: "not_found" };
  return await sql.begin(async (tx) => {
    const owned = new Set((await tx<{ id: string }[]>`select id from rules where user_id = ${userId} for update`).map((row) => row.id));
    if (ruleIds.some((id) => !owned.has(id))) return { ok: false, reason: "not_found" } as const;
    if (new Set(ruleIds).size !== ruleIds.length || ruleIds.length !== owned.size) return { ok: false, reason: "incomplete" } as const;
    await tx`
      update rules r set position = o.position - 1, updated_at = now()
      from unnest(${ruleIds}::uuid[]) with ordinality as o(id, position) where r.id = o.id and r.user_id = ${userId}`;
    return { ok: true } as const;
  });
}
