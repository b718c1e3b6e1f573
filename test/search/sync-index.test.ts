/**
 * The index is built by sync itself (storeBatch, same transaction): mail
 * fetched from a real Dovecot is searchable at once, HTML-only mail by its
 * text, before and after the merge job folds the index's pending list in.
 * A large initial sync leaves the tokens to the index_messages job behind it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { SEARCH_INDEX_INLINE_MESSAGES } from "../../src/search/limits.ts";
import { mergeSearchIndex } from "../../src/search/merge.ts";
import { log } from "../../src/log.ts";
import indexMessages from "../../tasks/index_messages.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

describe("search after a sync", () => {
  test("subject, sender and body words of synced mail are found, plain and HTML", async () => {
    const fixture = await syncFixture(services);
    server.seedMaildir(fixture.box.user, "INBOX", [
      makeMessage({ from: "Björn Weiß <bjoern@example.org>", to: "me@example.org", subject: "Termin Donnerstag", body: "Wir treffen uns am Brunnen." }),
      makeMessage({
        from: "news@example.org",
        to: "me@example.org",
        subject: "Newsletter",
        body: "<p>Heute: <b>Mirabellen</b> im Angebot</p>",
        headers: { "Content-Type": "text/html; charset=utf-8" },
      }),
    ]);
    await fixture.sync();
    const [unindexed] = await db.sql`select count(*)::int as n from messages where account_id = ${fixture.account.id} and search_tokens is null`;
    expect(unindexed!.n).toBe(0);
    const search = async (q: string) => (await listMessages(db.sql, fixture.user.dataKey, fixture.user.user.id, parseListQuery({ q }))).messages.map((message) => message.subject);
    expect(await search("brunnen")).toEqual(["Termin Donnerstag"]);
    expect(await search("Weiss björn")).toEqual(["Termin Donnerstag"]);
    expect(await search("bjoern@example.org")).toEqual(["Termin Donnerstag"]);
    expect(await search("mirabellen angebot")).toEqual(["Newsletter"]);
    expect(await search("donnerstag mirabellen")).toEqual([]);

    // The tokens wait in the index's pending list (migrations/0039) for the merge job sync queued, searchable meanwhile.
    const [merge] = await db.sql`select run_at > now() as later from graphile_worker.jobs where task_identifier = 'merge_search_index'`;
    expect(merge?.later).toBe(true);
    expect(await mergeSearchIndex(db.sql)).toBeGreaterThan(0);
    expect(await mergeSearchIndex(db.sql)).toBe(0);
    expect(await search("brunnen")).toEqual(["Termin Donnerstag"]);
    expect(await search("mirabellen angebot")).toEqual(["Newsletter"]);
  });

  test("a sync of more new messages than SEARCH_INDEX_INLINE_MESSAGES stores them at once and leaves the tokens to the index_messages job", async () => {
    const fixture = await syncFixture(services);
    await db.sql`select graphile_worker.remove_job('merge_search_index')`; // the test before queued one
    const count = SEARCH_INDEX_INLINE_MESSAGES + 1;
    server.seedMaildir(
      fixture.box.user,
      "INBOX",
      Array.from({ length: count }, (_, index) =>
        makeMessage({ from: "chor@example.org", to: "me@example.org", subject: `Probe ${index}`, body: index === count - 1 ? "Wir singen Stachelbeerlieder." : "Bis Dienstag." }),
      ),
    );
    await fixture.sync();
    const [stored] = await db.sql`select count(*)::int as n, count(search_tokens)::int as indexed from messages where account_id = ${fixture.account.id}`;
    expect(stored).toEqual({ n: count, indexed: 0 });
    const jobs = async () =>
      (await db.sql<{ task: string }[]>`select task_identifier as task from graphile_worker.jobs where task_identifier in ('index_messages', 'merge_search_index') order by 1`).map((job) => job.task);
    expect(await jobs()).toEqual(["index_messages"]);
    const search = async (q: string) => (await listMessages(db.sql, fixture.user.dataKey, fixture.user.user.id, parseListQuery({ q }))).messages.map((message) => message.subject);
    expect(await search("stachelbeerlieder")).toEqual([]);

    const userId = fixture.user.user.id;
    await indexMessages.run({ userId }, { jobId: "1", attempt: 1, log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring });
    expect(await search("stachelbeerlieder")).toEqual([`Probe ${count - 1}`]);
    const [after] = await db.sql`select count(search_tokens)::int as indexed from messages where account_id = ${fixture.account.id}`;
    expect(after!.indexed).toBe(count);
    // The index job queues the merge of the tokens it added (and the job row of its own run is the worker's to remove).
    expect(await jobs()).toContain("merge_search_index");
  });
});
