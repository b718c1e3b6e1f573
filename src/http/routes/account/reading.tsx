import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { readOnOpenEnabled, setReadOnOpen } from "../../../mail/actions/read-on-open.ts";
import { ReadingPage } from "../../../../views/account/reading.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Account → Reading: whether opening a message marks it read (on by default). A checkbox: absent means off. */
export function registerReadingSettings(app: Hono<AppEnv>, services: Services) {
  app.get("/account/reading", async (c) => c.html(<ReadingPage page={pageContext(c)} readOnOpen={await readOnOpenEnabled(services.sql, actingUser(c).id)} />));

  app.post("/account/reading", async (c) => {
    const form = await readForm(c);
    if (form.readOnOpen !== undefined && form.readOnOpen !== "on") throw new AppError("BAD_REQUEST", "readOnOpen must be on or absent");
    const on = form.readOnOpen === "on";
    await setReadOnOpen(services.sql, actingUser(c).id, on);
    return c.html(<ReadingPage page={pageContext(c)} readOnOpen={on} notice={translator(c.get("lang"))("reading.saved")} />);
  });
}
