/**
 * GET /compose/addresses: completions for an address field, as the
 * <datalist> the field names (`field` = to, cc or bcc). The field's whole
 * value is sent; the entry after its last comma is completed, and each
 * option repeats the entries before it, so picking one keeps them. A
 * browser navigating here (not htmx) gets a page listing them: a bare
 * fragment is no document to show.
 */
import type { Hono } from "hono";
import { refreshAddressBook, suggestAddresses } from "../../../mail/compose/address-book.ts";
import { formatMailbox, splitAddressList } from "../../../mail/compose/recipients.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { isHtmx, requestDataKey } from "../../request.ts";
import { pageContext } from "../../page.ts";
import { AddressSuggestionsPage } from "../../../../views/compose/address-suggestions.tsx";

const FIELDS = ["to", "cc", "bcc"] as const;

export function registerAddressCompletion(app: Hono<AppEnv>, services: Services) {
  app.get("/compose/addresses", async (c) => {
    const field = FIELDS.find((name) => name === c.req.query("field")) ?? "to";
    const value = (c.req.query("q") ?? c.req.query(field) ?? "").slice(0, 2000);
    const lastComma = Math.max(value.lastIndexOf(","), value.lastIndexOf(";"));
    const typed = value.slice(lastComma + 1).trim();
    const before = splitAddressList(value.slice(0, lastComma + 1));
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    await refreshAddressBook(services.sql, dataKey, userId);
    const suggestions = typed.length > 0 ? await suggestAddresses(services.sql, dataKey, userId, typed) : [];
    c.header("Cache-Control", "no-store");
    if (!isHtmx(c)) return c.html(<AddressSuggestionsPage page={pageContext(c)} typed={typed} suggestions={suggestions.map(formatMailbox)} />);
    return c.html(
      <datalist id={`${field}-suggestions`}>
        {suggestions.map((entry) => {
          const formatted = formatMailbox(entry);
          return <option value={[...before, formatted].join(", ")}>{formatted}</option>;
        })}
      </datalist>,
    );
  });
}
