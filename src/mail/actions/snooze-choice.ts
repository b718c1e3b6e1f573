/**
 * What the "Später" menu sends, turned into an instant: one of the offered
 * times (snoozeChoices, in the user's time zone) or a date and time the user
 * typed, read as wall-clock time in that zone. Past times are refused.
 */
import { snoozeChoices, zonedTime } from "./snooze.ts";

export const SNOOZE_CHOICES = ["later", "tomorrow", "nextweek", "at"] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

/**
 * The instant a choice names, or undefined when it names none (later today
 * after 17:00, a malformed or past date). `at` is an HTML datetime-local
 * value ("2026-12-06T09:30").
 *
 * @example resolveSnooze("tomorrow", undefined, new Date(), "Europe/Berlin") // tomorrow 08:00 in Berlin
 */
export function resolveSnooze(choice: SnoozeChoice, at: string | undefined, now: Date, timeZone: string): Date | undefined {
  if (choice !== "at") {
    const offered = snoozeChoices(now, timeZone);
    return (choice === "later" ? offered.laterToday : choice === "tomorrow" ? offered.tomorrow : offered.nextWeek) ?? undefined;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(at ?? "");
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  // Date.UTC rolls 31 February over into March: such a date is refused, not moved.
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || year > 9999) return undefined;
  const until = zonedTime({ year, month, day, hour, minute }, timeZone);
  return until.getTime() > now.getTime() ? until : undefined;
}
