/** Dates, counts and user agents as people read them. */
import { LANGS, type Lang, t } from "../src/i18n/messages.ts";
import { memo, numberKey } from "./memo.ts";

const locale = (lang: Lang) => (lang === "de" ? "de-DE" : "en-GB");

const DAY_MS = 86_400_000;
/** Zone offsets change only on quarter hours UTC, everywhere. */
const QUARTER_HOUR_MS = 900_000;

/** A date as shown in one language and zone, remembered by the second (every zone's offset is whole minutes, so the minute shown is the same). */
interface ShownDate {
  /** The day in that zone, counted from 1970-01-01: compared with today's to say "today" or "yesterday". */
  day: number;
  /** "05.12.2026, 14:05" / "5 Dec 2026, 14:05" */
  full: string;
  /** "14:05" */
  time: string;
}

/**
 * Formatters and remembered results of one language in one zone. A list
 * page formats fifty dates, mostly the same ones as on its last visit, and
 * Intl's formatting was the largest part of a row's cost; building a
 * formatter per date cost more than the rest of the page.
 */
class ZoneFormats {
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly wallClock: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly shown = new Map<number, ShownDate>();
  readonly today: (time: string) => string;
  readonly yesterday: (time: string) => string;

  constructor(lang: Lang, timeZone: string) {
    this.dateTime = new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short", timeZone });
    this.time = new Intl.DateTimeFormat(locale(lang), { timeStyle: "short", timeZone });
    this.wallClock = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    // Split around the placeholder once rather than filling it in per date.
    const around = (key: "date.today" | "date.yesterday") => {
      const [before = "", after = ""] = t(lang, key).split("{time}");
      return (time: string) => `${before}${time}${after}`;
    };
    this.today = around("date.today");
    this.yesterday = around("date.yesterday");
  }

  /** The zone's day number of an instant. */
  dayOf(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      if (this.offsets.size >= 10_000) this.offsets.clear();
      const parts = Object.fromEntries(this.wallClock.formatToParts(new Date(quarter * QUARTER_HOUR_MS)).map((part) => [part.type, Number(part.value)]));
      offset = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute) - quarter * QUARTER_HOUR_MS;
      this.offsets.set(quarter, offset);
    }
    return Math.floor((ms + offset) / DAY_MS);
  }

  shownAt(date: Date): ShownDate {
    const second = Math.floor(date.getTime() / 1000);
    let shown = this.shown.get(second);
    if (shown === undefined) {
      if (this.shown.size >= 20_000) this.shown.clear();
      shown = { day: this.dayOf(date.getTime()), full: this.dateTime.format(date), time: this.time.format(date) };
      this.shown.set(second, shown);
    }
    return shown;
  }
}

/** Per language and zone; a server has few of those (its users' zones), so the limit is never reached in practice. */
const zoneFormats = memo(
  512,
  (lang: Lang, timeZone: string) => `${lang} ${timeZone}`,
  (lang: Lang, timeZone: string) => new ZoneFormats(lang, timeZone),
);

/**
 * A date in the reader's language and time zone: "heute 14:05" / "today
 * 14:05" and "gestern 09:12" / "yesterday 09:12" for the last two days in
 * that zone, otherwise "05.12.2026, 14:05" / "5 Dec 2026, 14:05". No zone
 * is named: it is the reader's own (PageContext.timeZone).
 *
 * @example
 *   formatDateTime(message.date, page.lang, page.timeZone)
 */
export function formatDateTime(date: Date, lang: Lang, timeZone: string, now: Date = new Date()): string {
  const formats = zoneFormats(lang, timeZone);
  const shown = formats.shownAt(date);
  const today = formats.dayOf(now.getTime());
  if (shown.day === today) return formats.today(shown.time);
  if (shown.day === today - 1) return formats.yesterday(shown.time);
  return shown.full;
}

/** "14:05": a time of day in the reader's zone. */
export function formatTime(date: Date, lang: Lang, timeZone: string): string {
  return zoneFormats(lang, timeZone).shownAt(date).time;
}

const countFormats = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) => new Intl.NumberFormat(locale(lang)),
);

/** "1.234" / "1,234": a count as the reader writes numbers (remembered: a threads page writes a hundred, mostly small and the same). */
export const formatCount = memo(
  20_000,
  (count: number, lang: Lang) => (Number.isSafeInteger(count) ? numberKey(count, lang) : `${lang}:${count}`),
  (count: number, lang: Lang) => countFormats(lang).format(count),
);

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
