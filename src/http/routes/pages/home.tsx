import type { Hono } from "hono";
import { HomePage } from "../../../../views/home.tsx";
import type { AppEnv } from "../../env.ts";

export function registerHomePage(app: Hono<AppEnv>) {
  app.get("/", (c) => c.html(<HomePage lang={c.get("lang")} nonce={c.get("secureHeadersNonce")} />));
}
