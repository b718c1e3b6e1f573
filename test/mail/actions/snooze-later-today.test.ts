/** laterTodayOffered: the list page's one-formatter check agrees with snoozeChoices at the 17:00 edge, in several zones. */
import { describe, expect, test } from "bun:test";
import { laterTodayOffered, snoozeChoices } from "../../../src/mail/actions/snooze.ts";

describe("laterTodayOffered", () => {
  test("until 16:59 in the user's zone, not from 17:00", () => {
    // 2026-12-07 in Berlin is UTC+1.
    expect(laterTodayOffered(new Date("2026-12-07T15:59:00Z"), "Europe/Berlin")).toBe(true);
    expect(laterTodayOffered(new Date("2026-12-07T16:00:00Z"), "Europe/Berlin")).toBe(false);
    expect(laterTodayOffered(new Date("2026-12-07T16:00:00Z"), "UTC")).toBe(true);
    expect(laterTodayOffered(new Date("2026-12-07T17:00:00Z"), "UTC")).toBe(false);
  });

  test("agrees with snoozeChoices every quarter hour of two days in four zones", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]) {
      for (let quarter = 0; quarter < 2 * 96; quarter++) {
        const now = new Date(Date.UTC(2026, 2, 28, 0, 0) + quarter * 15 * 60_000);
        expect(laterTodayOffered(now, zone)).toBe(snoozeChoices(now, zone).laterToday !== null);
      }
    }
  });
});
