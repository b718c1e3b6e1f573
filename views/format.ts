/** Dates, counts and user agents as people read them. */
import { LANGS, type Lang } from "../src/i18n/messages.ts";
import { memo, numberKey } from "./memo.ts";

/** The server's time zone, named in every time shown (it may differ from the reader's). */
const DISPLAY_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const locale = (lang: Lang) => (lang === "de" ? "de-DE" : "en-GB");

/** Built once per language: a list page shows dozens of dates, and building a formatter per date cost more than the rest of the page. */
const formattersFor = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) => ({
    dateTime: new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE }),
    zone: new Intl.DateTimeFormat(locale(lang), { timeZone: DISPLAY_TIME_ZONE, timeZoneName: "short" }),
  }),
);

/** Zone names by language and quarter hour (switches happen on quarter hours UTC everywhere): they change only at a daylight-saving switch. */
const QUARTER_HOUR_MS = 900_000;
const zoneName = memo(
  10_000,
  (date: Date, lang: Lang) => numberKey(Math.floor(date.getTime() / QUARTER_HOUR_MS), lang),
  (date: Date, lang: Lang) =>
    formattersFor(lang)
      .zone.formatToParts(date)
      .find((part) => part.type === "timeZoneName")?.value ?? "",
);

/**
 * Formatted dates by language and second (whole seconds: every zone's
 * offset is, so the minute shown is the same): a list page formats fifty,
 * mostly the same ones as on its last visit, and Intl's formatting was the
 * largest part of a row's cost.
 */
const dateTimeBySecond = memo(
  20_000,
  (date: Date, lang: Lang) => numberKey(Math.floor(date.getTime() / 1000), lang),
  (date: Date, lang: Lang) => {
    const name = zoneName(date, lang);
    return `${formattersFor(lang).dateTime.format(date)}${name ? ` ${name}` : ""}`;
  },
);

/** "28.11.2026, 17:25 UTC": medium date, short time, and the zone it is in. */
export function formatDateTime(date: Date, lang: Lang): string {
  return dateTimeBySecond(date, lang);
}

/** "1.234" / "1,234": a count as the reader writes numbers. */
export const formatCount = (count: number, lang: Lang) => count.toLocaleString(locale(lang));

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
