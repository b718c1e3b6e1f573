import type { Hono } from "hono";
import { HomePage } from "../../../../views/home.tsx";
import type { AppEnv } from "../../env.ts";
import { pageContext } from "../../page.ts";

export function registerHomePage(app: Hono<AppEnv>) {
  app.get("/", (c) => c.html(<HomePage page={pageContext(c)} />));
}
