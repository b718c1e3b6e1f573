import { expect, test } from "bun:test";
import { patchPostgresJs, postgresJsPatched } from "../../src/db/patch-postgres-js.ts";

test("the installed postgres.js carries the fix for porsager/postgres#1208, and applying it again changes nothing", () => {
  expect(postgresJsPatched()).toBe(true);
  expect(patchPostgresJs()).toEqual([]);
});
