/** When an invitation's event is, as the box says it: the reader's zone for moments, dates as written, unknown zones named. */
import { describe, expect, test } from "bun:test";
import { describeEventTime } from "../../views/messages/calendar-event.tsx";

const instant = (iso: string) => ({ kind: "instant" as const, at: new Date(iso) });

describe("describeEventTime", () => {
  test("a meeting on one day, in the reader's zone and language", () => {
    expect(describeEventTime(instant("2026-03-16T09:00:00Z"), instant("2026-03-16T10:30:00Z"), "de", "Europe/Berlin")).toBe("Mo., 16. März 2026, 10:00–11:30 Uhr");
    expect(describeEventTime(instant("2026-03-16T09:00:00Z"), instant("2026-03-16T10:30:00Z"), "en", "Asia/Tokyo")).toBe("Mon, 16 Mar 2026, 18:00–19:30");
    expect(describeEventTime(instant("2026-03-16T09:00:00Z"), null, "en", "UTC")).toBe("Mon, 16 Mar 2026, 09:00");
    // An end before the start is not shown as a range.
    expect(describeEventTime(instant("2026-03-16T09:00:00Z"), instant("2026-03-16T08:00:00Z"), "en", "UTC")).toBe("Mon, 16 Mar 2026, 09:00");
  });

  test("all-day events: the end date is the day after the last", () => {
    expect(describeEventTime({ kind: "date", date: "2026-03-14" }, { kind: "date", date: "2026-03-15" }, "de", "America/New_York")).toBe("Sa., 14. März 2026 (ganztägig)");
    expect(describeEventTime({ kind: "date", date: "2026-03-16" }, { kind: "date", date: "2026-03-19" }, "en", "Pacific/Auckland")).toBe("Mon, 16 Mar – Wed, 18 Mar 2026 (all day)");
  });

  test("a time in a zone the server does not know is shown as written, with the zone's name", () => {
    expect(describeEventTime({ kind: "floating", local: "2026-03-16T10:00:00", zone: "Customized Time Zone" }, null, "de", "Europe/Berlin")).toBe(
      "Mo., 16. März 2026, 10:00 (Zeitzone Customized Time Zone)",
    );
    expect(describeEventTime({ kind: "floating", local: "2026-03-16T10:00:00", zone: null }, { kind: "floating", local: "2026-03-16T11:00:00", zone: null }, "en", "Asia/Tokyo")).toBe(
      "Mon, 16 Mar 2026, 10:00–11:00",
    );
  });
});
