/**
 * What a bulk action did, in words. Without JavaScript the post redirects
 * back to the list with the counts in the query (a redirect carries no
 * body); with htmx the same sentence comes with the swapped list.
 */
import type { MessageKey } from "../../../../i18n/messages.ts";
import type { translator } from "../../../../i18n/messages.ts";

export const BULK_NOTICE_PARAMS = ["bulk", "count", "skipped"] as const;
export const LOCAL_ACTIONS = ["done", "undone"] as const;
export const SERVER_ACTIONS = ["read", "unread", "flag", "unflag", "trash", "move"] as const;
export type BulkAction = (typeof LOCAL_ACTIONS)[number] | (typeof SERVER_ACTIONS)[number];

export interface BulkOutcome {
  action: BulkAction;
  count: number;
  skipped: number;
}

export function bulkNoticeParams(outcome: BulkOutcome): Record<string, string> {
  return { bulk: outcome.action, count: String(outcome.count), skipped: String(outcome.skipped) };
}

export function bulkNotice(tr: ReturnType<typeof translator>, raw: Record<string, string | undefined>): string | undefined {
  const action = raw.bulk;
  const count = Number(raw.count);
  const skipped = Number(raw.skipped ?? 0);
  if (!action || !Number.isInteger(count) || count < 0 || !Number.isInteger(skipped) || skipped < 0) return undefined;
  const key: MessageKey | undefined =
    action === "done" ? "list.bulk.result.done" : action === "undone" ? "list.bulk.result.undone" : (SERVER_ACTIONS as readonly string[]).includes(action) ? "list.bulk.result.queued" : undefined;
  if (!key) return undefined;
  const text = tr(key, { count: String(count) });
  return skipped > 0 ? `${text} ${tr("list.bulk.result.skipped", { count: String(skipped) })}` : text;
}
