/**
 * The signed-in user's own settings, as Account → Reading, Time zone and
 * the language switch keep them: read on open, "done" also archives, a
 * snooze moves to the Snoozed folder, the time zone dates are shown in and
 * the UI language. PATCH changes what it names and keeps the rest.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getUser, setUserLanguage, setUserTimeZone } from "../../../../auth/users.ts";
import { LANGS } from "../../../../i18n/messages.ts";
import { readingSettings, saveReadingSettings } from "../../../../mail/actions/read-on-open.ts";
import { timeZoneNamed } from "../../../../time-zone.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ACCOUNT_TAGS } from "./account-schemas.ts";

export const SettingsSchema = z
  .object({
    readOnOpen: z.boolean().openapi({ description: "Opening an unread message marks it read (on the server too)" }),
    doneArchives: z.boolean().openapi({ description: "Marking a message done also archives it" }),
    snoozeMoves: z.boolean().openapi({ description: "A snoozed message waits in the Snoozed folder" }),
    timeZone: z.string().nullable().openapi({ description: "IANA zone dates are shown in; null: the server's", example: "Europe/Berlin" }),
    language: z.enum(LANGS).nullable().openapi({ description: "UI language; null: the browser's" }),
  })
  .openapi("Settings");
export type SettingsJson = z.infer<typeof SettingsSchema>;

export const SettingsChangeSchema = z
  .object({
    readOnOpen: z.boolean().optional(),
    doneArchives: z.boolean().optional(),
    snoozeMoves: z.boolean().optional(),
    timeZone: z.string().max(64).optional().openapi({ description: "An IANA zone name, e.g. Europe/Berlin" }),
    language: z.enum(LANGS).optional(),
  })
  .strict()
  .openapi("SettingsChange");

const common = { tags: ACCOUNT_TAGS, security: API_SECURITY };
const json = { content: { "application/json": { schema: SettingsSchema } } };

const read = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/me/settings",
  operationId: "getMySettings",
  summary: "Your reading, time zone and language settings",
  responses: { 200: { description: "The settings", ...json }, 401: errorSpec("Not signed in") },
});

const update = createRoute({
  ...common,
  method: "patch",
  path: "/api/v1/me/settings",
  operationId: "updateMySettings",
  summary: "Changes the settings named; the others stay",
  request: { body: { content: { "application/json": { schema: SettingsChangeSchema } }, required: true } },
  responses: { 200: { description: "The settings now", ...json }, 400: errorSpec("An unknown field, or a time zone that is not one"), 401: errorSpec("Not signed in") },
});

export function registerAccountSettingsApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  const current = async (userId: string): Promise<SettingsJson> => {
    const [user, reading] = await Promise.all([getUser(sql, userId), readingSettings(sql, userId)]);
    return { ...reading, timeZone: user?.timeZone ?? null, language: user?.language ?? null };
  };

  app.openapi(read, async (c) => c.json(await current(actingUser(c).id), 200));

  app.openapi(update, async (c) => {
    const userId = actingUser(c).id;
    const change = c.req.valid("json");
    // Checked before anything is saved: a bad zone changes nothing.
    const timeZone = change.timeZone === undefined ? undefined : timeZoneNamed(change.timeZone);
    if (change.timeZone !== undefined && !timeZone) throw new AppError("BAD_REQUEST", "timeZone: not a time zone (an IANA name such as Europe/Berlin)");
    const reading = await readingSettings(sql, userId);
    if (change.readOnOpen !== undefined || change.doneArchives !== undefined || change.snoozeMoves !== undefined) {
      await saveReadingSettings(sql, userId, {
        readOnOpen: change.readOnOpen ?? reading.readOnOpen,
        doneArchives: change.doneArchives ?? reading.doneArchives,
        snoozeMoves: change.snoozeMoves ?? reading.snoozeMoves,
      });
    }
    if (timeZone) await setUserTimeZone(sql, userId, timeZone);
    if (change.language) await setUserLanguage(sql, userId, change.language);
    return c.json(await current(userId), 200);
  });
}
