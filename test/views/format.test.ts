/** Dates in the reader's language and zone: no zone suffix, "today"/"yesterday" by the reader's calendar day, daylight saving. */
import { describe, expect, test } from "bun:test";
import { timeZoneNamed } from "../../src/time-zone.ts";
import { formatDateTime, formatTime } from "../../views/format.ts";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-12-05T10:00:00Z");

describe("formatDateTime", () => {
  test("an older date: medium date and time in the zone, in German and English, no zone named", () => {
    const date = at("2026-12-01T13:05:00Z");
    expect(formatDateTime(date, "de", "Europe/Berlin", NOW)).toBe("01.12.2026, 14:05");
    expect(formatDateTime(date, "en", "Europe/Berlin", NOW)).toBe("1 Dec 2026, 14:05");
    expect(formatDateTime(date, "en", "UTC", NOW)).toBe("1 Dec 2026, 13:05");
    expect(formatDateTime(date, "de", "America/New_York", NOW)).toBe("01.12.2026, 08:05");
    expect(formatDateTime(date, "de", "Asia/Kolkata", NOW)).toBe("01.12.2026, 18:35");
  });

  test("summer time: the same zone is an hour further ahead", () => {
    const summer = at("2026-07-01T12:05:00Z");
    expect(formatDateTime(summer, "de", "Europe/Berlin", NOW)).toBe("01.07.2026, 14:05");
    expect(formatDateTime(summer, "en", "Europe/London", NOW)).toBe("1 Jul 2026, 13:05");
    expect(formatDateTime(at("2026-01-01T12:05:00Z"), "en", "Europe/London", NOW)).toBe("1 Jan 2026, 12:05");
  });

  test("today and yesterday by the reader's calendar, not the server's", () => {
    expect(formatDateTime(at("2026-12-05T08:30:00Z"), "de", "Europe/Berlin", NOW)).toBe("heute 09:30");
    expect(formatDateTime(at("2026-12-05T08:30:00Z"), "en", "Europe/Berlin", NOW)).toBe("today 09:30");
    expect(formatDateTime(at("2026-12-04T08:30:00Z"), "de", "Europe/Berlin", NOW)).toBe("gestern 09:30");
    expect(formatDateTime(at("2026-12-04T08:30:00Z"), "en", "Europe/Berlin", NOW)).toBe("yesterday 09:30");
    expect(formatDateTime(at("2026-12-03T08:30:00Z"), "en", "Europe/Berlin", NOW)).toBe("3 Dec 2026, 09:30");
    // 23:30 UTC on the 4th is already the 5th in Berlin, still the 4th in UTC, and the 4th evening in New York (where it is now 05:00 on the 5th).
    const lateEvening = at("2026-12-04T23:30:00Z");
    expect(formatDateTime(lateEvening, "de", "Europe/Berlin", NOW)).toBe("heute 00:30");
    expect(formatDateTime(lateEvening, "de", "UTC", NOW)).toBe("gestern 23:30");
    expect(formatDateTime(lateEvening, "en", "America/New_York", NOW)).toBe("yesterday 18:30");
    // Far east, "now" is already the evening of the 5th: the 4th 23:30 UTC is the 5th 08:30 there.
    expect(formatDateTime(lateEvening, "en", "Asia/Tokyo", NOW)).toBe("today 08:30");
  });

  test("on the day clocks go forward, both sides of the switch are today, and the day after it starts at local midnight", () => {
    // Europe/Berlin switches at 01:00 UTC on 29 March 2026, 02:00 CET → 03:00 CEST.
    const evening = at("2026-03-29T21:30:00Z"); // 23:30 CEST
    expect(formatDateTime(at("2026-03-29T00:30:00Z"), "de", "Europe/Berlin", evening)).toBe("heute 01:30");
    expect(formatDateTime(at("2026-03-29T01:30:00Z"), "de", "Europe/Berlin", evening)).toBe("heute 03:30");
    expect(formatDateTime(at("2026-03-28T23:30:00Z"), "de", "Europe/Berlin", evening)).toBe("heute 00:30");
    expect(formatDateTime(at("2026-03-28T22:59:00Z"), "de", "Europe/Berlin", evening)).toBe("gestern 23:59");
    const afterMidnight = at("2026-03-29T22:10:00Z"); // 00:10 CEST on the 30th
    expect(formatDateTime(at("2026-03-29T21:59:00Z"), "de", "Europe/Berlin", afterMidnight)).toBe("gestern 23:59");
    expect(formatDateTime(at("2026-03-29T22:00:00Z"), "de", "Europe/Berlin", afterMidnight)).toBe("heute 00:00");
  });

  test("the hour repeated when clocks go back is told apart", () => {
    // 25 October 2026: 03:00 CEST → 02:00 CET at 01:00 UTC, so 02:30 happens twice.
    const later = at("2026-11-10T12:00:00Z");
    expect(formatDateTime(at("2026-10-25T00:30:00Z"), "de", "Europe/Berlin", later)).toBe("25.10.2026, 02:30");
    expect(formatDateTime(at("2026-10-25T01:30:00Z"), "de", "Europe/Berlin", later)).toBe("25.10.2026, 02:30");
    expect(formatDateTime(at("2026-10-25T02:30:00Z"), "de", "Europe/Berlin", later)).toBe("25.10.2026, 03:30");
  });

  test("remembered results never leak from one zone or language into another", () => {
    const date = at("2026-06-15T06:00:00Z");
    const seen = ["Europe/Berlin", "America/Los_Angeles", "Australia/Sydney", "UTC"].flatMap((zone) => (["de", "en"] as const).map((lang) => formatDateTime(date, lang, zone, NOW)));
    expect(seen).toEqual(["15.06.2026, 08:00", "15 Jun 2026, 08:00", "14.06.2026, 23:00", "14 Jun 2026, 23:00", "15.06.2026, 16:00", "15 Jun 2026, 16:00", "15.06.2026, 06:00", "15 Jun 2026, 06:00"]);
    for (const text of seen) expect(text).not.toMatch(/UTC|GMT|MEZ|CET/);
  });

  test("formatTime gives the time of day alone", () => {
    expect(formatTime(at("2026-12-05T16:07:00Z"), "de", "Europe/Berlin")).toBe("17:07");
    expect(formatTime(at("2026-12-05T16:07:00Z"), "en", "America/Sao_Paulo")).toBe("13:07");
  });
});

describe("timeZoneNamed", () => {
  test("accepts Intl's zones and the aliases browsers report, in the engine's spelling", () => {
    expect(timeZoneNamed("Europe/Berlin")).toBe("Europe/Berlin");
    expect(timeZoneNamed("europe/berlin")).toBe("Europe/Berlin");
    expect(timeZoneNamed("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
    expect(timeZoneNamed("Asia/Calcutta")).toBeString();
    expect(timeZoneNamed("UTC")).toBe("UTC");
  });

  test("refuses what is not a zone's name", () => {
    for (const value of ["", "Mars/Olympus", "+01:00", "Europe/Berlin\n", "Europe/../etc", " Europe/Berlin", "x".repeat(100), "Europe/Berlin<script>", 42, undefined, null, ["Europe/Berlin"]]) {
      expect(timeZoneNamed(value)).toBeUndefined();
    }
  });
});
