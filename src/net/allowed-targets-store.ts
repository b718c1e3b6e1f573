/**
 * The administrator's allowed outbound targets in PostgreSQL, read for
 * every connection (one small query; a change applies to the next
 * connection, in every process).
 */
import type { Queryable, Sql } from "../db/connection.ts";
import { parseAllowedTarget, type AllowedTarget } from "./allowed-targets.ts";
import type { OutboundPolicy } from "./outbound-policy.ts";

export async function listAllowedTargets(sql: Queryable): Promise<AllowedTarget[]> {
  const rows = await sql<{ entry: string }[]>`select entry from outbound_allowed_targets order by added_at, entry`;
  // Entries are stored as parseAllowedTarget printed them; one that no longer parses is skipped, never widened.
  return rows.flatMap(({ entry }) => {
    const parsed = parseAllowedTarget(entry);
    return parsed.ok ? [parsed.target] : [];
  });
}

/** The policy for the next connection. */
export async function loadOutboundPolicy(sql: Queryable): Promise<OutboundPolicy> {
  return { allowed: await listAllowedTargets(sql) };
}

/** Replaces the list; returns the entries added and removed (for the security log). */
export async function replaceAllowedTargets(sql: Sql, targets: readonly AllowedTarget[], adminId: string | null): Promise<{ added: string[]; removed: string[] }> {
  const entries = targets.map((target) => target.text);
  return await sql.begin(async (tx) => {
    const removed = await tx<{ entry: string }[]>`delete from outbound_allowed_targets where entry <> all(${entries}::text[]) returning entry`;
    const added = await tx<{ entry: string }[]>`
      insert into outbound_allowed_targets (entry, added_by)
      select entry, ${adminId}::uuid from unnest(${entries}::text[]) as entry
      on conflict (entry) do nothing
      returning entry`;
    return { added: added.map((row) => row.entry), removed: removed.map((row) => row.entry) };
  });
}
