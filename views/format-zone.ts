/** A date and time as the reader's clock shows it: in their own time zone (users.time_zone), without a zone suffix. */
import type { Lang } from "../src/i18n/messages.ts";
import { memo } from "./memo.ts";

const formatter = memo(
  64,
  (lang: Lang, timeZone: string) => `${lang}:${timeZone}`,
  (lang: Lang, timeZone: string) => new Intl.DateTimeFormat(lang === "de" ? "de-DE" : "en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }),
);

/** "Sa., 6. Dez., 08:00" / "Sat 6 Dec, 08:00". */
export function formatInZone(date: Date, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone).format(date);
}
