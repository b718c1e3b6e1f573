/** GET /api/v1/dashboard: the numbers of the priority matrix, as the dashboard page shows them. */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { DONE_STATES, LIGHTS, readDashboard } from "../../../../inbox/dashboard.ts";
import { parseDashboardQuery } from "../../../dashboard-filter.ts";
import { messagesUrl } from "../../../../inbox/dashboard-links.ts";
import { ownAccountOf } from "../../../request.ts";
import { API_SECURITY } from "../../../api-security.ts";

const level = () => z.number().int().min(1).max(3);

export const DashboardQuerySchema = z.object({
  account: z.string().optional().openapi({ description: "One of your mail account ids; empty or missing: all accounts.", format: "uuid" }),
  done: z.enum(DONE_STATES).optional().openapi({ description: "open (default): not done yet; done; all." }),
});

export const DashboardSchema = z
  .object({
    account: z.string().uuid().nullable().openapi({ description: "The account counted, null for all." }),
    done: z.enum(DONE_STATES),
    cells: z
      .array(
        z.object({
          urgency: level(),
          importance: level(),
          light: z.enum(LIGHTS),
          count: z.number().int(),
          href: z.string().openapi({ description: "The message list showing these messages.", example: "/messages?cell=3,2&done=open" }),
        }),
      )
      .openapi({ description: "Nine cells, urgency 3 → 1, within each importance 1 → 3." }),
    lights: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
    analysed: z.number().int(),
    notAnalysed: z.number().int().openapi({ description: "Messages not analysed yet (in no cell)." }),
    spam: z.number().int().openapi({ description: "Spam and suspected phishing (in no cell; listed with spam=yes)." }),
  })
  .openapi("Dashboard");

export type Dashboard = z.infer<typeof DashboardSchema>;

const get = createRoute({
  method: "get",
  path: "/api/v1/dashboard",
  operationId: "getDashboard",
  security: API_SECURITY,
  tags: ["Dashboard"],
  summary: "Messages per urgency × importance cell and per traffic light, for one account or all, open or done",
  description: "Messages with no server copy left are not counted.",
  request: { query: DashboardQuerySchema },
  responses: {
    200: { description: "The counts", content: { "application/json": { schema: DashboardSchema } } },
    400: errorSpec("Invalid `done`"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such mail account of yours"),
  },
});

export function registerDashboardApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(get, async (c) => {
    const userId = actingUser(c).id;
    const filter = parseDashboardQuery(c.req.valid("query"));
    const { accounts, counts } = await readDashboard(sql, userId, filter);
    ownAccountOf(filter, accounts);
    const cells = counts.cells.map((cell) => ({ ...cell, href: messagesUrl(filter, { cell: [cell.urgency, cell.importance] }) }));
    return c.json({ account: filter.accountId ?? null, done: filter.done, cells, lights: counts.lights, analysed: counts.analysed, notAnalysed: counts.notAnalysed, spam: counts.spam }, 200);
  });
}
