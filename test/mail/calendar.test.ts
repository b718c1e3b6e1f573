/** The iCalendar reader behind the invitation box: what Outlook, Google and Thunderbird send, and what a hostile sender might. */
import { describe, expect, test } from "bun:test";
import { MAX_CALENDAR_CHARS, readCalendarFile } from "../../src/mail/calendar.ts";

const ics = (...lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", ...lines, "END:VCALENDAR"].join("\r\n");
const event = (...lines: string[]) => readCalendarFile(ics("METHOD:REQUEST", "BEGIN:VEVENT", ...lines, "END:VEVENT")).event!;

describe("readCalendarFile", () => {
  test("an Outlook invitation: Windows zone, escaped place, quoted organiser name, folded title, its time zone block and alarm ignored", () => {
    const file = readCalendarFile(
      ics(
        "METHOD:REQUEST",
        "BEGIN:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        'ORGANIZER;CN="Müller, Anna":mailto:anna.mueller@example.org',
        "SUMMARY;LANGUAGE=de-DE:Quartalsplanung mit dem ganzen Team und",
        "  Kuchen",
        "DTSTART;TZID=W. Europe Standard Time:20260316T100000",
        "DTEND;TZID=W. Europe Standard Time:20260316T113000",
        "UID:040000008200E00074C5B7101A82E008",
        "LOCATION;LANGUAGE=de-DE:Raum 3\\, 2. OG\\; Haus B",
        "STATUS:CONFIRMED",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "SUMMARY:Erinnerung",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
      ),
    );
    expect(file.method).toBe("REQUEST");
    expect(file.event).toEqual({
      uid: "040000008200E00074C5B7101A82E008",
      summary: "Quartalsplanung mit dem ganzen Team und Kuchen",
      location: "Raum 3, 2. OG; Haus B",
      start: { kind: "instant", at: new Date("2026-03-16T09:00:00Z") },
      end: { kind: "instant", at: new Date("2026-03-16T10:30:00Z") },
      organizer: { name: "Müller, Anna", address: "anna.mueller@example.org" },
      status: "CONFIRMED",
    });
  });

  test("UTC times, IANA zones in summer and winter, LF line ends and tab folding", () => {
    const file = readCalendarFile(
      ["BEGIN:VCALENDAR", "METHOD:request", "BEGIN:VEVENT", "DTSTART:20260701T070000Z", "DTEND;TZID=Europe/Berlin:20260701T\n\t100000", "SUMMARY:Stand\\nup", "END:VEVENT", "END:VCALENDAR"].join("\n"),
    );
    expect(file.method).toBe("REQUEST");
    expect(file.event!.start).toEqual({ kind: "instant", at: new Date("2026-07-01T07:00:00Z") });
    expect(file.event!.end).toEqual({ kind: "instant", at: new Date("2026-07-01T08:00:00Z") });
    expect(file.event!.summary).toBe("Stand\nup");
    expect(event("DTSTART;TZID=/Europe/Berlin:20261201T100000").start).toEqual({ kind: "instant", at: new Date("2026-12-01T09:00:00Z") });
  });

  test("all-day events keep their dates; DURATION gives the end", () => {
    expect(event("DTSTART;VALUE=DATE:20260314", "DTEND;VALUE=DATE:20260315")).toMatchObject({ start: { kind: "date", date: "2026-03-14" }, end: { kind: "date", date: "2026-03-15" } });
    expect(event("DTSTART;VALUE=DATE:20260314", "DURATION:P2D").end).toEqual({ kind: "date", date: "2026-03-16" });
    expect(event("DTSTART:20260314T090000Z", "DURATION:PT1H30M").end).toEqual({ kind: "instant", at: new Date("2026-03-14T10:30:00Z") });
    expect(event("DTSTART:20260314T090000Z", "DURATION:P1W").end).toEqual({ kind: "instant", at: new Date("2026-03-21T09:00:00Z") });
  });

  test("an unknown zone or none leaves the wall-clock time, with the zone's name", () => {
    expect(event("DTSTART;TZID=Customized Time Zone:20260314T090000").start).toEqual({ kind: "floating", local: "2026-03-14T09:00:00", zone: "Customized Time Zone" });
    expect(event("DTSTART:20260314T090000").start).toEqual({ kind: "floating", local: "2026-03-14T09:00:00", zone: null });
  });

  test("no event, no calendar, or nothing readable gives nulls", () => {
    expect(readCalendarFile(ics("METHOD:PUBLISH"))).toEqual({ method: "PUBLISH", event: null });
    expect(readCalendarFile("")).toEqual({ method: null, event: null });
    expect(readCalendarFile("not a calendar\r\n:::\r\n;;;\r\nBEGIN")).toEqual({ method: null, event: null });
    // A VEVENT outside a VCALENDAR is not an invitation.
    expect(readCalendarFile("BEGIN:VEVENT\r\nSUMMARY:lose\r\nEND:VEVENT").event).toBeNull();
  });

  describe("hostile input", () => {
    test("impossible dates and times are refused, not rolled over", () => {
      for (const value of ["20260231", "20261301", "20260314T250000Z", "20260314T096000Z", "2026-03-14", "20260314T0900", "99999999T999999Z", "+20260314"]) {
        expect(event(`DTSTART:${value}`).start).toBeNull();
      }
    });

    test("controls and direction overrides are removed; long text is cut", () => {
      const shown = event("SUMMARY:Rechnung\u202Efdp.exe\u0000\u0007 bezahlen", `LOCATION:${"x".repeat(5000)}`);
      expect(shown.summary).toBe("Rechnungfdp.exe bezahlen");
      expect(shown.location).toHaveLength(500);
    });

    test("an organiser that is not a mail address has no address; a parameter cannot smuggle a value", () => {
      expect(event("ORGANIZER:javascript:alert(1)").organizer).toBeNull();
      expect(event('ORGANIZER;CN="x:mailto:evil@example.org":https://example.org').organizer).toEqual({ name: "x:mailto:evil@example.org", address: null });
      expect(event("ORGANIZER;CN=Ops:MAILTO:ops@example.org ").organizer).toEqual({ name: "Ops", address: "ops@example.org" });
      expect(event("ORGANIZER:mailto:a@b@c").organizer).toBeNull();
    });

    test("a zone name is never more than a name; absurd durations are ignored", () => {
      expect(event("DTSTART;TZID=../../../etc/passwd:20260314T090000").start).toEqual({ kind: "floating", local: "2026-03-14T09:00:00", zone: "../../../etc/passwd" });
      for (const duration of ["P99999999D", "PT", "P", "PT99999999H", "P1Y", "-"]) expect(event("DTSTART:20260314T090000Z", `DURATION:${duration}`).end).toBeNull();
    });

    test("only the first event counts, alarms and nested components cannot overwrite it, and deep nesting stops reading", () => {
      const file = readCalendarFile(
        ics(
          "BEGIN:VEVENT",
          "SUMMARY:Erstes",
          "BEGIN:VALARM",
          "SUMMARY:Nicht ich",
          "BEGIN:X-DEEP",
          "SUMMARY:Auch nicht",
          "END:X-DEEP",
          "END:VALARM",
          "END:VEVENT",
          "BEGIN:VEVENT",
          "SUMMARY:Zweites",
          "END:VEVENT",
        ),
      );
      expect(file.event!.summary).toBe("Erstes");
      const deep = ics("BEGIN:VEVENT", "SUMMARY:Tief", ...Array.from({ length: 50 }, () => "BEGIN:X"), "METHOD:CANCEL", "SUMMARY:zu tief");
      expect(readCalendarFile(deep)).toEqual({ method: null, event: expect.objectContaining({ summary: "Tief" }) });
    });

    test("a cut-off file still shows its event; what lies beyond the size limit is not read", () => {
      expect(readCalendarFile("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Abgeschnitten").event!.summary).toBe("Abgeschnitten");
      const padded = ics(`X-PAD:${"a".repeat(MAX_CALENDAR_CHARS)}`, "BEGIN:VEVENT", "SUMMARY:Zu spät", "END:VEVENT");
      expect(readCalendarFile(padded).event).toBeNull();
    });

    test("a line of many parameters is read in one pass", () => {
      const line = `SUMMARY${";X=a,b,c".repeat(50_000)}:Viele Parameter`;
      expect(event(line).summary).toBe("Viele Parameter");
      expect(event(`SUMMARY;X=${",".repeat(200_000)}`).summary).toBeNull();
    });
  });
});
