/** Dates and user agents as people read them. */
import type { Lang } from "../src/i18n/messages.ts";

/** The server's time zone, named in every time shown (it may differ from the reader's). */
const DISPLAY_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "28.11.2026, 17:25 UTC": medium date, short time, and the zone it is in. */
export function formatDateTime(date: Date, lang: Lang): string {
  const locale = lang === "de" ? "de-DE" : "en-GB";
  const zone = new Intl.DateTimeFormat(locale, { timeZone: DISPLAY_TIME_ZONE, timeZoneName: "short" }).formatToParts(date).find((part) => part.type === "timeZoneName")?.value;
  return `${date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE })}${zone ? ` ${zone}` : ""}`;
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
