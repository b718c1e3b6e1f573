/** Dates and user agents as people read them. */
import type { Lang } from "../src/i18n/messages.ts";

/** The server's time zone, named in every time shown (it may differ from the reader's). */
const DISPLAY_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const locale = (lang: Lang) => (lang === "de" ? "de-DE" : "en-GB");

/** Built once per language: a list page shows dozens of dates, and building a formatter per date cost more than the rest of the page. */
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

/** "28.11.2026, 17:25 UTC": medium date, short time, and the zone it is in. */
export function formatDateTime(date: Date, lang: Lang): string {
  const { dateTime, zone } = formattersFor(lang);
  const name = zoneName(date, lang, zone);
  return `${dateTime.format(date)}${name ? ` ${name}` : ""}`;
}

/** "Firefox on Linux" from a User-Agent header; undefined when nothing is recognisable. */
export function describeDevice(userAgent: string): string | undefined {
  const browser = [
    ["Edg/", "Edge"],
    ["OPR/", "Opera"],
    ["Firefox/", "Firefox"],
    ["Chrome/", "Chrome"],
    ["Safari/", "Safari"],
  ].find(([marker]) => userAgent.includes(marker!))?.[1];
  const system = [
    ["Android", "Android"],
    ["iPhone", "iOS"],
    ["iPad", "iPadOS"],
    ["Windows", "Windows"],
    ["Mac OS X", "macOS"],
    ["Linux", "Linux"],
  ].find(([marker]) => userAgent.includes(marker!))?.[1];
  if (browser && system) return `${browser} · ${system}`;
  return browser ?? system ?? (userAgent ? userAgent.slice(0, 60) : undefined);
}
