import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { readingSettings, saveReadingSettings } from "../../../mail/actions/read-on-open.ts";
import { ReadingPage } from "../../../../views/account/reading.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Account → Reading: whether opening a message marks it read (on by default), whether "done" also archives and whether a snooze moves the message to the Snoozed folder (both off by default). Checkboxes: absent means off. */
export function registerReadingSettings(app: Hono<AppEnv>, services: Services) {
  app.get("/account/reading", async (c) => c.html(<ReadingPage page={pageContext(c)} settings={await readingSettings(services.sql, actingUser(c).id)} />));

  app.post("/account/reading", async (c) => {
    const form = await readForm(c);
    const settings = { readOnOpen: checkbox(form, "readOnOpen"), doneArchives: checkbox(form, "doneArchives"), snoozeMoves: checkbox(form, "snoozeMoves") };
    await saveReadingSettings(services.sql, actingUser(c).id, settings);
    return c.html(<ReadingPage page={pageContext(c)} settings={settings} notice={translator(c.get("lang"))("reading.saved")} />);
  });
}

function checkbox(form: Record<string, string | undefined>, name: string): boolean {
  const value = form[name];
  if (value !== undefined && value !== "on") throw new AppError("BAD_REQUEST", `${name} must be on or absent`);
  return value === "on";
}
