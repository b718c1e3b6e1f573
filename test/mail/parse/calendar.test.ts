import { describe, expect, test } from "bun:test";
import { parseCalendar } from "../../../src/mail/parse/calendar.ts";

const calendar = (...lines: string[]) => ["BEGIN:VCALENDAR", ...lines, "END:VCALENDAR"].join("\r\n");

describe("parseCalendar", () => {
  test("zone offsets follow daylight saving time; Outlook's Windows names are known; unknown zones stay local", () => {
    const invite = parseCalendar(calendar("BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20250710T090000", "DTEND;TZID=W. Europe Standard Time:20250710T100000", "END:VEVENT"));
    expect(invite.start).toBe("2025-07-10T07:00:00.000Z");
    expect(invite.end).toBe("2025-07-10T08:00:00.000Z");
    expect(parseCalendar(calendar("BEGIN:VEVENT", "DTSTART;TZID=Customized Time Zone:20250710T100000", "END:VEVENT")).start).toBe("2025-07-10T10:00:00");
  });

  test("a quoted parameter may hold ':' and ';'; tab-folded lines are joined", () => {
    const invite = parseCalendar(
      calendar("METHOD:reply", "BEGIN:VEVENT", 'ORGANIZER;CN="Team: Ops; Berlin";SENT-BY="mailto:x@example.org":mailto:ops@example.org', "SUMMARY:Weekly\r\n\tsync", "UID:u-1", "END:VEVENT"),
    );
    expect(invite).toEqual({ method: "REPLY", uid: "u-1", summary: "Weeklysync", start: null, end: null, organizer: "ops@example.org" });
  });

  test("only the first event counts; nothing useful gives nulls", () => {
    const invite = parseCalendar(calendar("BEGIN:VEVENT", "UID:first", "END:VEVENT", "BEGIN:VEVENT", "UID:second", "SUMMARY:Second", "END:VEVENT"));
    expect(invite).toMatchObject({ uid: "first", summary: null });
    expect(parseCalendar("not a calendar at all\r\n:::\r\n;;;")).toEqual({ method: null, uid: null, summary: null, start: null, end: null, organizer: null });
    expect(parseCalendar(calendar("BEGIN:VEVENT", "DTSTART:2025-07-10 09:00", "END:VEVENT")).start).toBeNull();
  });
});
