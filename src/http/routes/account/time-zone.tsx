import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { setUserTimeZone } from "../../../auth/users.ts";
import { translator } from "../../../i18n/messages.ts";
import { timeZoneChoices, timeZoneNamed } from "../../../time-zone.ts";
import { TimeZonePage } from "../../../../views/account/time-zone.tsx";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** The time zone dates are shown in, for the acting user. */
export function registerTimeZone(app: Hono<AppEnv>, services: Services) {
  app.get("/account/time-zone", (c) => c.html(<TimeZonePage page={pageContext(c)} choices={timeZoneChoices()} />));

  app.post("/account/time-zone", async (c) => {
    const form = await readForm(c);
    const tr = translator(c.get("lang"));
    const timeZone = timeZoneNamed(form.timeZone);
    if (!timeZone) return c.html(<TimeZonePage page={pageContext(c)} choices={timeZoneChoices()} error={tr("timeZone.invalid")} />, 400);
    await setUserTimeZone(services.sql, actingUser(c).id, timeZone);
    // This request's user was loaded before the change: show the page in the new zone already.
    return c.html(<TimeZonePage page={{ ...pageContext(c), timeZone }} choices={timeZoneChoices()} notice={tr("timeZone.saved")} />);
  });
}
