/** The invitation box on the message page: what, when (in the reader's zone), where, who invites, and the .ics to add it to a calendar. */
import type { MessageCalendarEvent } from "../../src/inbox/calendar-event.ts";
import type { EventTime } from "../../src/mail/calendar.ts";
import { type Lang, translator } from "../../src/i18n/messages.ts";
import type { PageContext } from "../page.ts";

const locale = (lang: Lang) => (lang === "de" ? "de-DE" : "en-GB");
const DAY_MS = 86_400_000;

/** "Mo., 16. März 2026, 10:00" / "Mon, 16 Mar 2026, 10:00" in `timeZone`; dates alone without the time. */
function formatter(lang: Lang, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
    timeZone,
  });
}

/**
 * When the event is, as one line, each part said once (Intl's ranges): "Mo.,
 * 16. März 2026, 10:00–11:30 Uhr", "Mon, 16 Mar – Wed, 18 Mar 2026 (all
 * day)", or a wall-clock time in a zone this server does not know.
 */
export function describeEventTime(start: EventTime, end: EventTime | null, lang: Lang, timeZone: string): string {
  const tr = translator(lang);
  if (start.kind === "date") {
    const day = formatter(lang, "UTC", false);
    const first = Date.parse(start.date);
    // DTEND of a date is the day after the last one.
    const last = end?.kind === "date" ? Date.parse(end.date) - DAY_MS : first;
    const range = last > first ? day.formatRange(first, last) : day.format(first);
    return `${range} (${tr("calendar.allDay")})`;
  }
  if (start.kind === "floating") {
    const wall = formatter(lang, "UTC", true);
    const from = Date.parse(`${start.local}Z`);
    const to = end?.kind === "floating" ? Date.parse(`${end.local}Z`) : null;
    const shown = to !== null && to > from ? wall.formatRange(from, to) : wall.format(from);
    return start.zone ? tr("calendar.inZone", { time: shown, zone: start.zone }) : shown;
  }
  const format = formatter(lang, timeZone, true);
  const to = end?.kind === "instant" && end.at > start.at ? end.at : null;
  return to ? format.formatRange(start.at, to) : format.format(start.at);
}

export function CalendarEventBox({ page, messageId, calendar }: { page: PageContext; messageId: string; calendar: MessageCalendarEvent | null }) {
  if (!calendar) return null;
  const tr = translator(page.lang);
  const { event, method } = calendar;
  const cancelled = method === "CANCEL" || event.status === "CANCELLED";
  const title = cancelled ? tr("calendar.cancelled") : method === "REQUEST" ? tr("calendar.invitation") : tr("calendar.event");
  const organizer = event.organizer && (event.organizer.name && event.organizer.address ? `${event.organizer.name} <${event.organizer.address}>` : event.organizer.name || event.organizer.address);
  return (
    <section class={`card mh-calendar${cancelled ? " cancelled" : ""}`} aria-labelledby="calendar-title">
      <h2 id="calendar-title">
        {title}: {event.summary ?? tr("calendar.noTitle")}
      </h2>
      <dl class="facts">
        {event.start && (
          <>
            <dt>{tr("calendar.when")}</dt>
            <dd class="mh-calendar-when">{describeEventTime(event.start, event.end, page.lang, page.timeZone)}</dd>
          </>
        )}
        {event.location && (
          <>
            <dt>{tr("calendar.where")}</dt>
            <dd class="mh-calendar-where">{event.location}</dd>
          </>
        )}
        {organizer && (
          <>
            <dt>{tr("calendar.organizer")}</dt>
            <dd class="mh-calendar-organizer">{organizer}</dd>
          </>
        )}
      </dl>
      <p>
        <a class="button" href={`/messages/${messageId}/attachment?id=${calendar.attachmentId}`} download="">
          {tr("calendar.download")}
        </a>
      </p>
    </section>
  );
}
