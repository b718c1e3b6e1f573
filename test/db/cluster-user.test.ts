import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binDirFor, chownTree, clusterUser, traversableBy } from "../../src/db/cluster-user.ts";
import { tempDir } from "../support/temp.ts";

const nobody = { uid: 65534, gid: 65534 };

/** A package's `native` tree (bin, lib with a relative link) inside `parent`. */
function fakeNative(parent: string): string {
  const native = join(parent, "native");
  mkdirSync(join(native, "bin"), { recursive: true, mode: 0o755 });
  mkdirSync(join(native, "lib"), { mode: 0o755 });
  writeFileSync(join(native, "bin", "postgres"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(native, "lib", "libpq.so.5.18"), "", { mode: 0o644 });
  symlinkSync("libpq.so.5.18", join(native, "lib", "libpq.so.5"));
  return join(native, "bin");
}

describe("cluster user", () => {
  test.if(process.getuid?.() === 0)("as root it is the host's nobody", () => {
    expect(clusterUser()).toEqual(nobody);
  });

  test("a mode-700 directory stops others from walking through it", () => {
    const parent = tempDir("walk");
    mkdirSync(join(parent, "open"), { mode: 0o755 });
    chmodSync(parent, 0o700);
    expect(traversableBy(join(parent, "open"), nobody)).toBe(false);
    expect(traversableBy("/", nobody)).toBe(true);
  });

  test.if(process.getuid?.() === 0)("chownTree gives a directory and everything in it away", () => {
    const parent = tempDir("chown");
    mkdirSync(join(parent, "a", "b"), { recursive: true });
    writeFileSync(join(parent, "a", "b", "file"), "");
    chownTree(parent, nobody);
    for (const path of [parent, join(parent, "a"), join(parent, "a", "b"), join(parent, "a", "b", "file")]) expect(statSync(path).uid).toBe(65534);
  });

  test.if(process.getuid?.() === 0)("binaries behind a private directory are run from a shared copy that keeps the library links", () => {
    const open = tempDir("open-install");
    chmodSync(open, 0o755);
    chmodSync(join(open, ".."), 0o755); // the test run's root, mode 700 otherwise
    try {
      const reachable = fakeNative(open);
      const shared = join(open, "cache");
      expect(binDirFor(reachable, "1.0", nobody, shared)).toBe(reachable);

      const hidden = tempDir("private-install");
      chmodSync(hidden, 0o700);
      const copy = binDirFor(fakeNative(hidden), "1.0", nobody, shared);
      expect(copy).toBe(join(shared, "postgres-1.0", "bin"));
      expect(traversableBy(copy, nobody)).toBe(true);
      expect(statSync(join(copy, "postgres")).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(shared, "postgres-1.0", "lib", "libpq.so.5"))).toBe("libpq.so.5.18");
    } finally {
      chmodSync(join(open, ".."), 0o700);
    }
  });
});
