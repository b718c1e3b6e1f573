/** Dates and user agents as people read them. */
import type { Lang } from "../src/i18n/messages.ts";
import { memo } from "./memo.ts";

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
const QUARTER_HOUR_MS = 900_000;
const zoneName = memo(10_000, (key) => {
  const [lang, quarter] = key.split(":") as [Lang, string];
  return formattersFor(lang).zone.formatToParts(new Date(Number(quarter) * QUARTER_HOUR_MS)).find((part) => part.type === "timeZoneName")?.value ?? "";
});

/**
 * Formatted dates by language and second (whole seconds: every zone's
 * offset is, so the minute shown is the same): a list page formats fifty,
 * mostly the same ones as on its last visit, and Intl's formatting was the
 * largest part of a row's cost.
 */
const SECOND_MS = 1000;
const dateTimeOfSecond = memo(20_000, (key) => {
  const [lang, second] = key.split(":") as [Lang, string];
  const date = new Date(Number(second) * SECOND_MS);
  const name = zoneName(`${lang}:${Math.floor(date.getTime() / QUARTER_HOUR_MS)}`);
  return `${formattersFor(lang).dateTime.format(date)}${name ? ` ${name}` : ""}`;
});

/** "28.11.2026, 17:25 UTC": medium date, short time, and the zone it is in. */
export function formatDateTime(date: Date, lang: Lang): string {
  return dateTimeOfSecond(`${lang}:${Math.floor(date.getTime() / SECOND_MS)}`);
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
