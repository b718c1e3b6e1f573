import { expect, test } from "bun:test";
import { applyPatch, DEPENDENCY_PATCHES, missingPatches } from "../../src/patches/apply.ts";

test("the installed dependencies carry every change (npm's postinstall applied them), and applying them again changes nothing", () => {
  expect(missingPatches().map((patch) => patch.package)).toEqual([]);
  expect(DEPENDENCY_PATCHES.map((patch) => patch.package)).toEqual(["postgres", "graphile-worker"]);
  for (const patch of DEPENDENCY_PATCHES) expect(applyPatch(patch)).toEqual([]);
});
