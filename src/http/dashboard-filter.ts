/** The dashboard's query (`account`, `done`); the links its numbers lead to are src/inbox/dashboard-links.ts. */
import * as v from "valibot";
import { isUuid } from "../ids.ts";
import { AppError } from "./errors.ts";
import { DONE_STATES, type DashboardFilter } from "../inbox/dashboard.ts";

const QuerySchema = v.object({
  account: v.optional(v.pipe(v.string(), v.maxLength(100))),
  done: v.optional(v.picklist(DONE_STATES), "open"),
});

/**
 * The filter a request asks for. Its account is checked against the user's
 * accounts by `ownAccountOf` (src/http/request.ts), after the counts query ran beside the accounts
 * query (the counts are scoped by user, so a foreign id counts nothing).
 */
export function parseDashboardQuery(query: { account?: string; done?: string }): DashboardFilter {
  const parsed = v.safeParse(QuerySchema, query);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `done must be one of ${DONE_STATES.join(", ")}; account an account id`);
  const accountId = parsed.output.account || undefined;
  // Not an id at all: no account of anyone's, so the same 404 as another user's.
  if (accountId && !isUuid(accountId)) throw new AppError("NOT_FOUND", "no such mail account");
  return { accountId, done: parsed.output.done };
}
