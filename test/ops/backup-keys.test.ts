/**
 * The key material a backup carries: every master key id that wraps a data
 * key must be in it, and a rotation during the backup must not lose the key
 * the copied rows still name.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config.ts";
import { BackupError } from "../../src/ops/backup/format.ts";
import { checkKeyringCoversDatabase, mergeKeyMaterial, readKeyMaterial } from "../../src/ops/backup/key-material.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { tempDir } from "../support/temp.ts";
import { createTestUser } from "../support/users.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());
const services = testServices(db);
const keyFile = (ids: Record<string, string>, current = Object.keys(ids)[0]) => Buffer.from(JSON.stringify({ version: 1, current, keys: ids }));
const KEY = (fill: string) => Buffer.alloc(32, fill).toString("base64");

describe("backup key material", () => {
  test("the data directory's secrets and the keyring are read; logs and the cluster are not", () => {
    const dataDir = tempDir("keys");
    writeFileSync(join(dataDir, "master.key"), keyFile({ "mk-a": KEY("a") }), { mode: 0o600 });
    writeFileSync(join(dataDir, "postgres.password"), "pw", { mode: 0o600 });
    writeFileSync(join(dataDir, "postgres.log"), "log lines");
    writeFileSync(join(dataDir, ".master.key.123.tmp"), "partial");
    const names = readKeyMaterial(loadConfig({ DATA_DIR: dataDir })).map((file) => file.name);
    expect(names.sort()).toEqual(["master.key", "postgres.password"]);
  });

  test("MASTER_KEY goes into the backup as a key file the restored install reads", () => {
    const dataDir = tempDir("keys");
    const files = readKeyMaterial(loadConfig({ DATA_DIR: dataDir, MASTER_KEY: `mk-new:${KEY("n")},mk-old:${KEY("o")}` }));
    expect(JSON.parse(files.find((file) => file.name === "master.key")!.content.toString())).toEqual({ version: 1, current: "mk-new", keys: { "mk-new": KEY("n"), "mk-old": KEY("o") } });
  });

  test("a keyring rewritten during the backup keeps the keys of both readings", () => {
    const before = [{ name: "master.key", content: keyFile({ "mk-a": KEY("a") }) }];
    const after = [{ name: "master.key", content: keyFile({ "mk-b": KEY("b") }) }];
    const [merged] = mergeKeyMaterial(before, after);
    expect(JSON.parse(merged!.content.toString())).toMatchObject({ current: "mk-b", keys: { "mk-a": KEY("a"), "mk-b": KEY("b") } });
  });

  test("a keyring that lacks a key wrapping a user's data key is refused, naming the key", async () => {
    await createTestUser(services);
    const inUse = services.keyring.currentId;
    const real = readFileSync(services.config.masterKeyFile);
    await checkKeyringCoversDatabase(db.sql, [{ name: "master.key", content: real }]);
    const failure = await checkKeyringCoversDatabase(db.sql, [{ name: "master.key", content: keyFile({ "mk-other": KEY("x") }) }]).catch((error: BackupError) => error);
    expect(failure).toBeInstanceOf(BackupError);
    expect((failure as BackupError).message).toContain(`lacks key(s) ${inUse}`);
  });
});
