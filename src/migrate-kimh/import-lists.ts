/**
 * One user's lists: tags and their assignments, sender patterns, trusted
 * and VIP senders, auto-rules. Runs after ./import-mail.ts, which filled
 * the user's migrated messages and senders.
 */
import { senderHash } from "../analysis/sender-patterns.ts";
import { MAX_RULE_NAME_CHARS } from "../rules/limits.ts";
import { createRule } from "../rules/store.ts";
import { addVipSender } from "../senders/vip.ts";
import { parseVipSender } from "../senders/vip-value.ts";
import { TAG_NAME_MAX_CHARS } from "../tags/limits.ts";
import { createTag, tagIdByName } from "../tags/store.ts";
import { cleanTagName } from "../tags/tag-name.ts";
import { mappings, remember, type MappedKind } from "./mapping.ts";
import { checksumLine } from "./report.ts";
import { asBool, asText } from "./source.ts";
import { translateKimhRule } from "./translate-rule.ts";
import type { UserImport } from "./user-import.ts";

const done = async (work: UserImport, kind: MappedKind) => (work.userId ? await mappings(work.sql, work.userId, kind) : new Map<string, string>());

/** Our tag of that name, made if the user has none; a placeholder in a dry run. */
async function ourTag(work: UserImport, name: string, create: boolean): Promise<string | undefined> {
  const cleaned = cleanTagName(name);
  if (!cleaned || cleaned.length > TAG_NAME_MAX_CHARS) return undefined;
  if (!work.userId || !work.dataKey) return create ? crypto.randomUUID() : undefined;
  const existing = await tagIdByName(work.sql, work.dataKey, work.userId, cleaned);
  if (existing || !create) return existing;
  if (work.dryRun) return crypto.randomUUID();
  const result = await createTag(work.sql, work.dataKey, work.userId, cleaned);
  return result.ok ? result.tag.id : result.reason === "duplicate" ? result.tagId : undefined;
}

export async function importTags(work: UserImport, rows: Record<string, unknown>[]): Promise<void> {
  const tally = work.report.tally("email_tags");
  const mapped = await done(work, "email_tag");
  for (const row of rows) {
    tally.read++;
    const sourceId = String(row.id);
    const name = cleanTagName(asText(row.name) ?? "");
    if (!name || name.length > TAG_NAME_MAX_CHARS) {
      tally.skip(`not a tag name here (1 to ${TAG_NAME_MAX_CHARS} characters)`);
      continue;
    }
    const existing = mapped.get(sourceId);
    if (existing) {
      tally.present++;
      tally.sourceLines.push(checksumLine(sourceId, [name]));
      work.tags.set(sourceId, existing);
      continue;
    }
    const tagId = await ourTag(work, name, true);
    if (!tagId) {
      tally.skip("the user has the most tags allowed");
      continue;
    }
    tally.written++;
    tally.sourceLines.push(checksumLine(sourceId, [name]));
    work.tags.set(sourceId, tagId);
    if (!work.dryRun) await remember(work.sql, work.userId!, "email_tag", sourceId, tagId);
  }
}

export async function importTagAssignments(work: UserImport, rows: Record<string, unknown>[]): Promise<void> {
  const tally = work.report.tally("email_tag_assignments");
  const mapped = await done(work, "email_tag_assignment");
  for (const row of rows) {
    tally.read++;
    const sourceId = String(row.id);
    const tagId = work.tags.get(String(row.tag_id));
    const rawId = work.processed.get(String(row.email_id));
    const messageId = rawId ? work.messages.get(rawId)?.ourId : undefined;
    if (!tagId || !messageId) {
      tally.skip(!tagId ? "its tag was not migrated" : "its message was not migrated");
      continue;
    }
    tally.sourceLines.push(checksumLine(sourceId, [rawId, String(row.tag_id)]));
    if (mapped.has(sourceId)) {
      tally.present++;
      continue;
    }
    tally.written++;
    if (work.dryRun) continue;
    // Local only, like it was there: no keyword is written to the server for old assignments.
    const source = asBool(row.auto_assigned) ? "ai" : "user";
    await work.sql.begin(async (tx) => {
      await tx`
        insert into message_tags (message_id, tag_id, user_id, source)
        select m.id, t.id, m.user_id, ${source} from messages m join tags t on t.user_id = m.user_id
        where m.id = ${messageId} and t.id = ${tagId} and m.user_id = ${work.userId}
        on conflict do nothing`;
      await remember(tx, work.userId!, "email_tag_assignment", sourceId, `${messageId}:${tagId}`);
    });
  }
}

/**
 * Its sender patterns hold only an unsalted SHA-256 of the address. The
 * addresses of migrated mail are hashed the same way: a pattern whose hash
 * is among them was re-derived here from that mail's analyses (ours are
 * keyed per user); the others cannot be reversed and are listed.
 */
export async function importSenderPatterns(work: UserImport, rows: Record<string, unknown>[]): Promise<void> {
  const tally = work.report.tally("sender_patterns");
  const mapped = await done(work, "sender_pattern");
  for (const row of rows) {
    tally.read++;
    const sourceId = String(row.id);
    const address = work.senders.get((asText(row.sender_hash) ?? "").toLowerCase());
    if (!address) {
      tally.skip("only an unsalted hash of the address is stored and no migrated mail comes from it: it cannot be reversed");
      continue;
    }
    const ourHash = work.dataKey ? senderHash(work.dataKey, address) : null;
    if (!work.dryRun && !mapped.has(sourceId)) {
      const [pattern] = await work.sql`select 1 from sender_patterns where user_id = ${work.userId} and sender_hash = ${ourHash}`;
      if (!pattern) {
        tally.skip("no analysed migrated mail from this sender to re-derive it from");
        continue;
      }
    }
    tally.sourceLines.push(checksumLine(sourceId, [address]));
    if (mapped.has(sourceId)) {
      tally.present++;
      continue;
    }
    tally.written++;
    if (!work.dryRun) await remember(work.sql, work.userId!, "sender_pattern", sourceId, ourHash!.toString("hex"));
  }
}

/** trusted_senders and spacy_vip_senders both become entries of our VIP list. */
export async function importVipSenders(work: UserImport, table: "trusted_senders" | "spacy_vip_senders", rows: Record<string, unknown>[]): Promise<void> {
  const tally = work.report.tally(table);
  const kind = table === "trusted_senders" ? "trusted_sender" : "spacy_vip_sender";
  const mapped = await done(work, kind);
  for (const row of rows) {
    tally.read++;
    const sourceId = String(row.id);
    if (table === "spacy_vip_senders" && !asBool(row.is_active ?? true)) {
      tally.skip("inactive");
      continue;
    }
    const patternType = asText(row.pattern_type) ?? "exact";
    if (patternType !== "exact" && patternType !== "domain" && patternType !== "email_domain") {
      tally.skip(`pattern type ${patternType}: our VIP list holds addresses and domains only`);
      continue;
    }
    const parsed = parseVipSender(asText(row.sender_pattern) ?? "", patternType === "exact" ? "address" : "domain");
    if (!parsed.ok) {
      tally.skip(`not an address or domain (${parsed.reason.replace("_", " ")})`);
      continue;
    }
    if (mapped.has(sourceId)) {
      tally.present++;
      tally.sourceLines.push(checksumLine(sourceId, [parsed.kind, parsed.value]));
      continue;
    }
    if (work.dryRun) {
      tally.written++;
      tally.sourceLines.push(checksumLine(sourceId, [parsed.kind, parsed.value]));
      continue;
    }
    const result = await addVipSender(work.sql, work.dataKey!, work.userId!, parsed.value, parsed.kind);
    if (result.outcome === "full") tally.skip("the VIP list is full");
    else if (result.outcome === "invalid") tally.skip(`not an address or domain (${result.reason.replace("_", " ")})`);
    else {
      tally.written++;
      tally.sourceLines.push(checksumLine(sourceId, [parsed.kind, parsed.value]));
      await remember(work.sql, work.userId!, kind, sourceId, result.sender.id);
    }
  }
}

export async function importRules(work: UserImport, rows: Record<string, unknown>[]): Promise<void> {
  const tally = work.report.tally("auto_rules");
  const mapped = await done(work, "auto_rule");
  // Lower priority ran first there; ours run in position order, and createRule appends.
  const ordered = [...rows].sort((a, b) => Number(a.priority ?? 100) - Number(b.priority ?? 100) || Number(a.id) - Number(b.id));
  // A tag a rule adds is made only when the rule is imported: until then it stands in as a placeholder id.
  let missingTags = new Map<string, string>();
  const lookup = {
    tagId: async (name: string, create: boolean) => {
      const existing = await ourTag(work, name, false);
      if (existing || !create || !cleanTagName(name) || cleanTagName(name).length > TAG_NAME_MAX_CHARS) return existing;
      const placeholder = crypto.randomUUID();
      missingTags.set(placeholder, name);
      return placeholder;
    },
    folders: (path: string) => work.folders.filter((folder) => folder.path.toLowerCase() === path.toLowerCase()),
  };
  for (const row of ordered) {
    missingTags = new Map();
    tally.read++;
    const sourceId = String(row.id);
    const name = ((asText(row.name) ?? "").trim() || `KI-Mail-Helper rule ${sourceId}`).slice(0, MAX_RULE_NAME_CHARS);
    if (mapped.has(sourceId)) {
      tally.present++;
      tally.sourceLines.push(checksumLine(sourceId, [name]));
      continue;
    }
    const translated = await translateKimhRule(row.conditions_json, row.actions_json, lookup);
    if (translated.notes.length) work.report.ruleNotes.push({ user: work.email, rule: name, notes: translated.notes });
    if (!translated.definition) {
      tally.skip("nothing of it maps (see the list below)");
      continue;
    }
    if (work.dryRun) {
      tally.written++;
      tally.sourceLines.push(checksumLine(sourceId, [name]));
      continue;
    }
    let definition = JSON.stringify(translated.definition);
    for (const [placeholder, tagName] of missingTags) {
      const tagId = await ourTag(work, tagName, true);
      if (!tagId) break;
      definition = definition.replaceAll(placeholder, tagId);
    }
    if ([...missingTags.keys()].some((placeholder) => definition.includes(placeholder))) {
      tally.skip("the user has the most tags allowed: a tag the rule adds could not be made");
      continue;
    }
    const result = await createRule(work.sql, work.dataKey!, work.userId!, {
      name,
      enabled: asBool(row.is_active ?? true) && translated.enabled,
      mode: "act",
      accountIds: translated.accountIds,
      definition: JSON.parse(definition),
    });
    if (!result.ok) {
      tally.skip("the user has the most rules allowed");
      continue;
    }
    tally.written++;
    tally.sourceLines.push(checksumLine(sourceId, [name]));
    await remember(work.sql, work.userId!, "auto_rule", sourceId, result.rule.id);
  }
}
