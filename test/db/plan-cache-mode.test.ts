/** withCustomPlan: the query is planned for its values, and the connection goes back with the pool's one plan per statement. */
import { afterAll, expect, test } from "bun:test";
import { openPool } from "../../src/db/connection.ts";
import { withCustomPlan } from "../../src/db/plan-cache-mode.ts";
import { createTestDatabase, testConfig } from "../support/postgres.ts";

const db = await createTestDatabase();
// One connection: the query after withCustomPlan gets the very connection it used.
const sql = openPool(db.url, testConfig(db), { max: 1 });
afterAll(async () => {
  await sql.end();
  await db.drop();
});

const mode = async () => (await sql`select current_setting('plan_cache_mode') as mode`)[0]!.mode;

test("the pool plans each statement once; the query asked for a plan per run gets it, and the setting is restored", async () => {
  expect(await mode()).toBe("force_generic_plan");
  const inside = await withCustomPlan(sql, (connection) => connection`select current_setting('plan_cache_mode') as mode`);
  expect(inside[0]!.mode).toBe("force_custom_plan");
  expect(await mode()).toBe("force_generic_plan");
});

test("a failing query is reported, and the setting is restored all the same", async () => {
  await expect(withCustomPlan(sql, (connection) => connection`select 1/0`)).rejects.toThrow(/division by zero/);
  expect(await mode()).toBe("force_generic_plan");
});
