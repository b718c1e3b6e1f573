/**
 * Dates on the threads pages, as views/format.ts words them ("28.11.2026,
 * 17:25 MEZ"), with the formatters built once per language: a page shows up
 * to 200 dates, and building an Intl formatter per date took longer than the
 * rest of the page.
 */
import type { Lang } from "../../../i18n/messages.ts";

const DISPLAY_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const locale = (lang: Lang) => (lang === "de" ? "de-DE" : "en-GB");

const formatters = new Map<Lang, { dateTime: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

function formattersFor(lang: Lang) {
  let entry = formatters.get(lang);
  if (!entry) {
    entry = {
      dateTime: new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE }),
      zone: new Intl.DateTimeFormat(locale(lang), { timeZone: DISPLAY_TIME_ZONE, timeZoneName: "short" }),
    };
    formatters.set(lang, entry);
  }
  return entry;
}

/** Zone names by language and quarter hour (switches happen on quarter hours UTC everywhere): they change only at a daylight-saving switch. */
const zoneNames = new Map<string, string>();
const QUARTER_HOUR_MS = 900_000;
const MAX_ZONE_NAMES = 10_000;

function zoneName(date: Date, lang: Lang, zone: Intl.DateTimeFormat): string {
  const key = `${lang}:${Math.floor(date.getTime() / QUARTER_HOUR_MS)}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    if (zoneNames.size >= MAX_ZONE_NAMES) zoneNames.clear();
    name = zone.formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? "";
    zoneNames.set(key, name);
  }
  return name;
}

export function formatThreadDate(date: Date, lang: Lang): string {
  const { dateTime, zone } = formattersFor(lang);
  const name = zoneName(date, lang, zone);
  return `${dateTime.format(date)}${name ? ` ${name}` : ""}`;
}
