/**
 * The list's queries at the bench's scale (50,000 messages of one user):
 * each page is an index scan that stops after a page's worth of rows, or a
 * GIN lookup for a rare search word; never a scan or sort of the mailbox.
 * Checked on the plans PostgreSQL actually ran (EXPLAIN ANALYZE row counts),
 * not on timings.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, type TestMailbox } from "../search/fixtures.ts";
import { BIG_MAILBOX, explainList, fillBigMailbox, mainAndSubPlanNodes, type PlanNode } from "./plans.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

let user: TestUser;
let box: TestMailbox;
let tagId: string;

beforeAll(async () => {
  user = await createTestUser(services);
  box = await createTestMailbox(services, user);
  await fillBigMailbox(db.sql, user.user.id, box.account.id, box.folders.INBOX.id, user.dataKey);
  // A small folder and a small tag among the 50,000.
  await db.sql`
    insert into message_copies (message_id, folder_id, uidvalidity, uid)
    select id, ${box.folders.Archive.id}, 1, row_number() over () from (select id from messages where user_id = ${user.user.id} order by id limit 200) small`;
  const [tag] = await db.sql`insert into tags (user_id, name_hash, name_encrypted) values (${user.user.id}, '\\x01', '\\x02') returning id`;
  tagId = tag!.id;
  await db.sql`
    insert into message_tags (message_id, tag_id, user_id)
    select id, ${tagId}, ${user.user.id} from (select id from messages where user_id = ${user.user.id} order by id desc limit 150) small`;
  await db.sql`analyze message_copies`;
  await db.sql`analyze message_tags`;
});

/** Scans of the messages table, and how many rows each looked at (returned plus filtered away), over all loops. */
function scansOfMessages(planNodes: PlanNode[]) {
  return planNodes
    .filter((node) => node["Relation Name"] === "messages" || node["Index Name"]?.startsWith("messages_"))
    .map((node) => ({
      type: node["Node Type"],
      index: node["Index Name"],
      rowsRead: (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * node["Actual Loops"],
    }));
}

/** The page's own scans of the messages table (not the per-row thread size count). */
const messageScans = (plan: PlanNode) => scansOfMessages(mainAndSubPlanNodes(plan).main);

/** The scans counting the rows' thread sizes. */
const threadSizeScans = (plan: PlanNode) => scansOfMessages(mainAndSubPlanNodes(plan).subPlans);

/** Pages a user reads at any depth: the filters of the page and of the API, each sort, and a later page. */
const PAGES: Record<string, string>[] = [
  {},
  { sort: "date" },
  { sort: "oldest", done: "all" },
  { sort: "size" },
  { done: "done" },
  { flagged: "yes" },
  { light: "red" },
  { cell: "3,2" },
  { read: "no", attachments: "yes" },
  { language: "de" },
  { q: "wort3" },
  { q: "wort3 wort7", sort: "date" },
  // The search operators (issue 15 item 10): a search covers done mail, so these walk the lists' all-mail indexes.
  { q: '"wort3 wort7"' },
  { q: "from:absender1" },
  { q: "von:absender2 wort3", sort: "date" },
  { q: "to:empfaenger" },
  { q: "an:empfaenger wort5", sort: "oldest" },
  { q: "is:unread" },
  { q: "ist:markiert" },
  { q: "hat:anhang wort3" },
  { q: "ist:erledigt", sort: "size" },
  { q: "in:posteingang" },
  { q: "in:inbox wort3", sort: "date" },
];

describe(`list pages over ${BIG_MAILBOX} messages`, () => {
  test("each is an index scan on a list index that reads about a page of rows", async () => {
    for (const params of PAGES) {
      const scans = messageScans(await explainList(db.url, user.dataKey, user.user.id, params));
      expect({ params, seqScan: scans.some((scan) => scan.type === "Seq Scan") }).toEqual({ params, seqScan: false });
      expect({ params, index: scans.every((scan) => scan.index?.startsWith("messages_list_")) }).toEqual({ params, index: true });
      // 51 rows wanted; the sparse filters (flagged: 1 in 17) may skip some hundreds, never the mailbox.
      expect({ params, rowsRead: scans.reduce((sum, scan) => sum + scan.rowsRead, 0) < 2_000 }).toEqual({ params, rowsRead: true });
    }
  });

  test("pages filtered only by done keep one generic plan, and it is still an index scan from the cursor", async () => {
    const first = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({}));
    const unfiltered: Record<string, string>[] = [{}, { sort: "date" }, { sort: "oldest", done: "all" }, { sort: "size", done: "done" }, { after: first.next! }, { before: first.next! }];
    for (const params of unfiltered) {
      const generic = messageScans(await explainList(db.url, user.dataKey, user.user.id, params, { generic: true }));
      const custom = messageScans(await explainList(db.url, user.dataKey, user.user.id, params));
      expect({ params, generic }).toEqual({ params, generic: custom });
    }
  });

  test("a small folder or tag is read through its own rows, not by walking the mailbox", async () => {
    for (const params of [
      { folder: box.folders.Archive.id },
      { folder: box.folders.Archive.id, sort: "size", done: "all" },
      { tag: tagId },
      { q: "in:archiv" },
      { q: "in:Archive", sort: "date" },
    ] as Record<string, string>[]) {
      const scans = messageScans(await explainList(db.url, user.dataKey, user.user.id, params));
      expect({ params, seqScan: scans.some((scan) => scan.type === "Seq Scan") }).toEqual({ params, seqScan: false });
      // 200 messages in the folder, 150 with the tag: a lookup each (counts are per-loop averages, rounded up), nowhere near 50,000.
      expect({ params, scans, rowsRead: scans.reduce((sum, scan) => sum + scan.rowsRead, 0) < 2_000 }).toEqual({ params, scans, rowsRead: true });
    }
    const page = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ folder: box.folders.Archive.id, done: "all" }));
    expect(page.messages).toHaveLength(50);
  });

  test("the thread sizes are counted for the page's rows only, each through the thread index", async () => {
    for (const params of [{}, { q: "wort3" }, { q: "quittengelee" }, { sort: "size", done: "all" }] as Record<string, string>[]) {
      const plan = await explainList(db.url, user.dataKey, user.user.id, params);
      const scans = threadSizeScans(plan);
      const throughThreadIndex = scans.some((scan) => scan.index?.startsWith("messages_thread")) && !scans.some((scan) => scan.type === "Seq Scan");
      expect({ params, scans, throughThreadIndex }).toEqual({ params, scans, throughThreadIndex: true });
      // One small lookup per row of the page (51 at most), never a scan per matching message.
      expect({ params, rowsRead: scans.reduce((sum, scan) => sum + scan.rowsRead, 0) <= 51 * 5 }).toEqual({ params, rowsRead: true });
    }
    const page = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({}));
    expect(page.messages.every((message) => message.threadSize >= 1)).toBe(true);
  });

  test("a later page, forwards and back, starts at its cursor", async () => {
    const first = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({}));
    const second = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ after: first.next! }));
    for (const params of [{ after: second.next! }, { before: second.previous! }] as Record<string, string>[]) {
      const scans = messageScans(await explainList(db.url, user.dataKey, user.user.id, params));
      expect(scans.map((scan) => scan.index)).toEqual(["messages_list_open_priority"]);
      expect(scans[0]!.rowsRead).toBeLessThanOrEqual(51);
    }
    const back = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ before: second.previous! }));
    expect(back.messages.map((message) => message.id)).toEqual(first.messages.map((message) => message.id));
  });

  test("a rare word or sender is found through the blind index, also together with a word every message has", async () => {
    for (const q of ["quittengelee", "wort3 quittengelee", "from:seltenerabsender", "von:seltenerabsender to:empfaenger"]) {
      const scans = messageScans(await explainList(db.url, user.dataKey, user.user.id, { q }));
      expect({ q, scans: scans.map((scan) => `${scan.type} ${scan.index ?? ""}`.trim()) }).toEqual({ q, scans: ["Bitmap Heap Scan", "Bitmap Index Scan messages_search_tokens"] });
      expect(scans.every((scan) => scan.rowsRead <= 10)).toBe(true);
      const page = await listMessages(db.sql, user.dataKey, user.user.id, parseListQuery({ q }));
      expect(page.messages).toHaveLength(1);
    }
  });
});
