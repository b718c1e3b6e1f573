/**
 * A mailbox of 50,000 messages made in SQL (the bench's scale), and the
 * query plans of list pages on it: the messages the list's SQL really
 * sends, captured through a postgres.js debug hook and run under EXPLAIN.
 */
import postgres from "postgres";
import type { SecretKey } from "../../src/crypto/secret-key.ts";
import type { Sql } from "../../src/db/connection.ts";
import { queryTokens, searchKey } from "../../src/search/blind-index.ts";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";

export const BIG_MAILBOX = 50_000;
/** The message (by generate_series number) whose body holds the rare word. */
export const NEEDLE = 42_001;

/**
 * 50,000 messages for one user: a vocabulary of 20,000 words, 20 of them in
 * every message and 40 spread over the rest, one of five senders and a
 * recipient for from:/to:; half done, a third read, 30%
 * analysed, all in INBOX. The rare word is in one message only.
 */
export async function fillBigMailbox(sql: Sql, userId: string, accountId: string, folderId: string, dataKey: SecretKey): Promise<void> {
  const key = searchKey(dataKey);
  // Twenty words in every message (real tokens, so a search can ask for them), forty more per message from
  // a vocabulary of 20,000 (stand-in tokens: only their spread matters to the planner), and one rare word.
  const searchToken = (word: string) => String(queryTokens(key, word)[0]);
  const common = Array.from({ length: 20 }, (_, index) => searchToken(`wort${index}`));
  const needle = searchToken("quittengelee");
  // from:/to: tokens (src/search/blind-index.ts marks them by field): five senders sharing the mailbox, one recipient on
  // every message, and a sender who wrote only the rare message.
  const senders = Array.from({ length: 5 }, (_, index) => String(queryTokens(key, `absender${index}`, "from")[0]));
  const recipient = String(queryTokens(key, "empfaenger", "to")[0]);
  const rareSender = String(queryTokens(key, "seltenerabsender", "from")[0]);
  await sql`
    insert into messages (user_id, account_id, message_id_hash, content_hash, thread_id, size, received_at, seen, flagged, has_attachments, headers_encrypted, done_at, search_tokens)
    select ${userId}, ${accountId}, int8send(g), int8send(g), gen_random_uuid(), 1000 + (g * 7919) % 50000,
           timestamptz '2026-11-20 12:00:00+00' - g * interval '7 minutes', g % 3 = 0, g % 17 = 0, g % 11 = 0, '\\x00',
           case when g % 2 = 0 then now() end,
           ${common}::bigint[]
             || array[(${senders}::bigint[])[1 + g % 5], ${recipient}::bigint]
             || array(select hashtextextended('w' || (g * 31 + t * 977) % 19979, 0) from generate_series(1, 40) t)
             || case when g = ${NEEDLE} then array[${needle}::bigint, ${rareSender}::bigint] else '{}'::bigint[] end
    from generate_series(1, ${BIG_MAILBOX}) g`;
  await sql`
    insert into message_copies (message_id, folder_id, uidvalidity, uid)
    select id, ${folderId}, 1, row_number() over (order by id) from messages where account_id = ${accountId}`;
  await sql`
    insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, language, provider, detail_encrypted)
    select id, ${userId}, 1 + abs(hashtext(id::text)) % 3, 1 + abs(hashtext(id::text || 'i')) % 3, 'information', false, false, 'de', 'local', '\\x00'
    from messages where account_id = ${accountId} and abs(hashtext(id::text)) % 10 < 3`;
  // What autovacuum does soon after a bulk load: move the GIN pending list into the tree.
  await sql`select gin_clean_pending_list(${"messages_search_tokens"}::regclass)`;
  await sql`analyze messages`;
  await sql`analyze message_copies`;
  await sql`analyze analyses`;
}

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  /** "SubPlan" for a subquery run per row of its parent (the rows' thread sizes). */
  "Parent Relationship"?: string;
  Plans?: PlanNode[];
}

export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The plan's nodes without its per-row subqueries (`SubPlan`s and what they run), and those subqueries' nodes. */
export function mainAndSubPlanNodes(plan: PlanNode): { main: PlanNode[]; subPlans: PlanNode[] } {
  const children = plan.Plans ?? [];
  const parts = children.map((child) => (child["Parent Relationship"] === "SubPlan" ? { main: [], subPlans: nodes(child) } : mainAndSubPlanNodes(child)));
  return { main: [plan, ...parts.flatMap((part) => part.main)], subPlans: parts.flatMap((part) => part.subPlans) };
}

/** A value as an SQL literal (ids, numbers and cursor dates: what a list page's parameters are). */
const literal = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`;

/**
 * The plan of the list query for `params` (after running it once to learn
 * the SQL), with actual row counts. `generic`: the one plan PostgreSQL makes
 * for all values of the prepared statement, as it may after five runs.
 */
export async function explainList(url: string, dataKey: SecretKey, userId: string, params: Record<string, string>, { generic = false } = {}): Promise<PlanNode> {
  const captured: { query: string; parameters: unknown[] }[] = [];
  const debug = postgres(url, { max: 1, onnotice: () => {}, debug: (_connection, query, parameters) => captured.push({ query, parameters: parameters as unknown[] }) });
  try {
    await listMessages(debug as unknown as Sql, dataKey, userId, parseListQuery(params));
    const list = captured.find((entry) => entry.query.includes("from messages m left join analyses"))!;
    if (generic) {
      await debug.unsafe(`prepare list_page as ${list.query}`);
      await debug.unsafe("set plan_cache_mode = force_generic_plan");
    }
    const [row] = generic
      ? await debug.unsafe(`explain (analyze, format json) execute list_page(${list.parameters.map(literal).join(", ")})`)
      : await debug.unsafe(`explain (analyze, format json) ${list.query}`, list.parameters as never[]);
    return (row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
  } finally {
    await debug.end();
  }
}
