/**
 * The VIP store: entries normalised and keyed, domains covering their
 * subdomains, duplicates answered (not refused), and each user's list their
 * own: another user's id removes nothing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { addVipSender, isVipSender, listVipSenders, removeVipSender, vipEntriesFor } from "../../src/senders/vip.ts";
import { coveredByVip, parseVipSender } from "../../src/senders/vip-value.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { sql } = services;

describe("parseVipSender", () => {
  test("normalises addresses and domains, and tells them apart", () => {
    expect(parseVipSender("  Anna.Berg@Example.ORG ")).toEqual({ ok: true, kind: "address", value: "anna.berg@example.org" });
    expect(parseVipSender("Uni-Koeln.DE.")).toEqual({ ok: true, kind: "domain", value: "uni-koeln.de" });
    expect(parseVipSender("@example.org")).toEqual({ ok: true, kind: "domain", value: "example.org" });
    expect(parseVipSender("müller.de")).toEqual({ ok: true, kind: "domain", value: "xn--mller-kva.de" });
    expect(parseVipSender("anna@example.org", "domain")).toEqual({ ok: false, reason: "invalid_domain" });
  });

  test("refuses what is neither", () => {
    for (const bad of ["de", "localhost", "exa mple.org", "-x.example.org", "1.2.3.4", "a..b.org"]) expect(parseVipSender(bad)).toMatchObject({ ok: false, reason: "invalid_domain" });
    for (const bad of ["anna@", "anna@de", "an na@example.org", `${"a".repeat(65)}@example.org`]) expect(parseVipSender(bad)).toMatchObject({ ok: false, reason: "invalid_address" });
    expect(parseVipSender("   ")).toEqual({ ok: false, reason: "empty" });
  });

  test("coveredByVip matches an address, a domain and its subdomains, not a look-alike", () => {
    const entries = [
      { kind: "address" as const, value: "chef@firma.example" },
      { kind: "domain" as const, value: "uni-koeln.de" },
    ];
    expect(coveredByVip(entries, "Chef@Firma.example")).toBe(true);
    expect(coveredByVip(entries, "kollege@firma.example")).toBe(false);
    expect(coveredByVip(entries, "prof@uni-koeln.de")).toBe(true);
    expect(coveredByVip(entries, "prof@mail.phil.uni-koeln.de")).toBe(true);
    expect(coveredByVip(entries, "prof@fake-uni-koeln.de")).toBe(false);
    expect(coveredByVip(entries, "prof@uni-koeln.de.evil.example")).toBe(false);
  });
});

describe("the VIP store", () => {
  test("adds, lists decrypted, answers a duplicate with the existing entry, removes", async () => {
    const user = await createTestUser(services);
    const anna = await addVipSender(sql, user.dataKey, user.user.id, "Anna@Example.org");
    expect(anna).toMatchObject({ outcome: "added", sender: { kind: "address", value: "anna@example.org" } });
    const domain = await addVipSender(sql, user.dataKey, user.user.id, "uni-koeln.de");
    expect(domain).toMatchObject({ outcome: "added", sender: { kind: "domain", value: "uni-koeln.de" } });
    const again = await addVipSender(sql, user.dataKey, user.user.id, " anna@EXAMPLE.org ");
    expect(again).toMatchObject({ outcome: "already", sender: { id: anna.outcome === "added" ? anna.sender.id : "" } });
    expect(await addVipSender(sql, user.dataKey, user.user.id, "not a domain")).toEqual({ outcome: "invalid", reason: "invalid_domain" });

    expect((await listVipSenders(sql, user.dataKey, user.user.id)).map(({ kind, value }) => ({ kind, value }))).toEqual([
      { kind: "address", value: "anna@example.org" },
      { kind: "domain", value: "uni-koeln.de" },
    ]);
    // Neither readable in the table: a keyed hash and a ciphertext.
    const rows = await sql`select encode(value_hash, 'escape') as hash, encode(value_encrypted, 'escape') as value from vip_senders where user_id = ${user.user.id}`;
    for (const row of rows) expect(`${row.hash}${row.value}`).not.toMatch(/example\.org|uni-koeln/);

    if (domain.outcome !== "added") throw new Error("not added");
    expect(await removeVipSender(sql, user.dataKey, user.user.id, domain.sender.id)).toMatchObject({ kind: "domain", value: "uni-koeln.de" });
    expect(await removeVipSender(sql, user.dataKey, user.user.id, domain.sender.id)).toBeNull();
    expect(await removeVipSender(sql, user.dataKey, user.user.id, "not-a-uuid")).toBeNull();
    expect((await listVipSenders(sql, user.dataKey, user.user.id)).map((entry) => entry.value)).toEqual(["anna@example.org"]);
  });

  test("a domain covers its subdomains; an address only itself", async () => {
    const user = await createTestUser(services);
    await addVipSender(sql, user.dataKey, user.user.id, "uni-koeln.de");
    await addVipSender(sql, user.dataKey, user.user.id, "chef@firma.example");
    const vip = (address: string | null) => isVipSender(sql, user.dataKey, user.user.id, address);
    expect(await vip("prof@uni-koeln.de")).toBe(true);
    expect(await vip("Prof@Mail.Phil.Uni-Koeln.de")).toBe(true);
    expect(await vip("prof@uni-koeln.de.evil.example")).toBe(false);
    expect(await vip("prof@notuni-koeln.de")).toBe(false);
    expect(await vip("CHEF@firma.example")).toBe(true);
    expect(await vip("kollege@firma.example")).toBe(false);
    expect(await vip(null)).toBe(false);
    expect(await vip("no address")).toBe(false);
    // The most specific entry first: what the message page offers to remove.
    await addVipSender(sql, user.dataKey, user.user.id, "prof@mail.uni-koeln.de");
    expect((await vipEntriesFor(sql, user.dataKey, user.user.id, "prof@mail.uni-koeln.de")).map((entry) => entry.kind)).toEqual(["address", "domain"]);
  });

  test("each user's list is their own: another user's id removes nothing, another user's entry covers nothing", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const added = await addVipSender(sql, alice.dataKey, alice.user.id, "boss@example.org");
    if (added.outcome !== "added") throw new Error("not added");
    expect(await removeVipSender(sql, bob.dataKey, bob.user.id, added.sender.id)).toBeNull();
    expect(await listVipSenders(sql, alice.dataKey, alice.user.id)).toHaveLength(1);
    expect(await isVipSender(sql, bob.dataKey, bob.user.id, "boss@example.org")).toBe(false);
    expect(await listVipSenders(sql, bob.dataKey, bob.user.id)).toEqual([]);
    // Bob listing the same address gets his own entry, keyed under his own key.
    expect(await addVipSender(sql, bob.dataKey, bob.user.id, "boss@example.org")).toMatchObject({ outcome: "added" });
    const hashes = await sql`select value_hash from vip_senders where user_id in ${sql([alice.user.id, bob.user.id])}`;
    expect(Buffer.from(hashes[0]!.value_hash).equals(Buffer.from(hashes[1]!.value_hash))).toBe(false);
  });

  test("adding or removing queues the mail it covers to be judged again", async () => {
    const user = await createTestUser(services);
    const added = await addVipSender(sql, user.dataKey, user.user.id, "anna@example.org");
    await addVipSender(sql, user.dataKey, user.user.id, "anna@example.org"); // a duplicate queues nothing more
    await addVipSender(sql, user.dataKey, user.user.id, "example.net");
    const runs = async () => (await sql<{ kind: string }[]>`select kind from analysis_runs where user_id = ${user.user.id} and state = 'queued' order by kind`).map((run) => run.kind);
    expect(await runs()).toEqual(["rescore", "rescore_sender"]);
    if (added.outcome !== "added") throw new Error("not added");
    await removeVipSender(sql, user.dataKey, user.user.id, added.sender.id);
    expect(await runs()).toEqual(["rescore", "rescore_sender"]); // one waiting run per sender is enough
  });
});
