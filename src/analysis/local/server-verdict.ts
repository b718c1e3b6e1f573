/**
 * Whether the receiving server already called the message spam: its spam
 * filter's headers (SpamAssassin, Rspamd, Microsoft 365/Exchange, GMX and
 * WEB.DE, generic X-Spam), or the folder it delivered the message to (the
 * Junk role folder). Only a "yes" counts: a "no" proves nothing, since a
 * sender can write any header it likes, and the filter's "yes" is stronger
 * evidence than anything the local analyser can read.
 *
 * @example
 * serverSpamVerdict("X-Spam-Flag: YES\r\n…", null); // { header: "X-Spam-Flag: YES" }
 * serverSpamVerdict("", "junk"); // { header: null, junkFolder: true }
 */
import { headerFields } from "./raw-headers.ts";

export interface ServerVerdict {
  /** The header line that said spam, as shown in the reason; null when the folder said so. */
  header: string | null;
  junkFolder: boolean;
}

const NAMES = new Set(["x-spam-flag", "x-spam-status", "x-spam", "x-rspamd-action", "x-ms-exchange-organization-scl", "x-forefront-antispam-report", "x-ui-filterresults", "x-spam-verdict"]);
/** Microsoft's spam confidence level: 5–6 spam, 9 high-confidence spam (-1 trusted, 0–1 not spam). */
const MS_SPAM_SCL = 5;

function saysSpam(name: string, value: string): boolean {
  const lower = value.trim().toLowerCase();
  switch (name) {
    case "x-spam-flag":
    case "x-spam-status":
    case "x-spam":
    case "x-spam-verdict":
      // Exactly yes/true (SpamAssassin, Rspamd): other filters write a score or a list of tests here ("spam MAILTO_LINK…").
      return /^(?:yes|true)\b/.test(lower);
    case "x-rspamd-action":
      return /^(?:reject|add header|rewrite subject)\b/.test(lower);
    case "x-ms-exchange-organization-scl":
      return Number.parseInt(lower, 10) >= MS_SPAM_SCL;
    case "x-forefront-antispam-report":
      return /(?:^|;)\s*sfv:spm\b/.test(lower) || Number.parseInt(/(?:^|;)\s*scl:(-?\d+)/.exec(lower)?.[1] ?? "0", 10) >= MS_SPAM_SCL;
    case "x-ui-filterresults":
      // GMX / WEB.DE: "junk:10;…" (spam), "notjunk:1;…" (not spam).
      return /^junk:/.test(lower);
    default:
      return false;
  }
}

/** Null when neither a filter header nor the folder says spam. */
export function serverSpamVerdict(rawHeaders: string, folderRole: string | null | undefined): ServerVerdict | null {
  for (const field of headerFields(rawHeaders, NAMES)) {
    if (saysSpam(field.name, field.value)) return { header: `${field.name}: ${field.value.slice(0, 60)}`, junkFolder: false };
  }
  return folderRole === "junk" ? { header: null, junkFolder: true } : null;
}
