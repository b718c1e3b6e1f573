import { describe, expect, test } from "bun:test";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadMasterKeyring, MasterKeyError } from "../../src/crypto/master-key.ts";
import { tempDir } from "../support/temp.ts";

describe("master key file", () => {
  test("is created on first load with mode 0600 and a key id, and read back the same", () => {
    const keyFile = join(tempDir("mk"), "master.key");
    const first = loadMasterKeyring({ keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.currentId).toMatch(/^mk-\d{8}-[0-9a-f]{6}$/);
    const again = loadMasterKeyring({ keyFile });
    expect(again.currentId).toBe(first.currentId);
    expect(Buffer.from(again.current().key.bytes()).equals(Buffer.from(first.current().key.bytes()))).toBe(true);
    expect(JSON.parse(readFileSync(keyFile, "utf8")).keys[first.currentId]).toHaveLength(44);
  });

  test("a key file others can read is refused with the fix", () => {
    const keyFile = join(tempDir("mk"), "master.key");
    loadMasterKeyring({ keyFile });
    chmodSync(keyFile, 0o644);
    expect(() => loadMasterKeyring({ keyFile })).toThrow(`run chmod 600 ${keyFile}`);
  });

  test("MASTER_KEY supplies keys by id, the first being current; no file is written", () => {
    const dir = tempDir("mk");
    const a = Buffer.alloc(32, 1).toString("base64");
    const b = Buffer.alloc(32, 2).toString("base64");
    const keyring = loadMasterKeyring({ masterKey: `new:${a},old:${b}`, keyFile: join(dir, "master.key") });
    expect(keyring.currentId).toBe("new");
    expect(keyring.get("old").bytes()[0]).toBe(2);
    expect(() => keyring.get("gone")).toThrow(MasterKeyError);
    expect(() => statSync(join(dir, "master.key"))).toThrow();
  });
});
